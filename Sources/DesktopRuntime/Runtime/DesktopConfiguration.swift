import Foundation

/// Server-wide settings of the desktop runtime (from flags and environment).
public struct DesktopConfiguration: Sendable {
    /// The first display number tried when a start request names none
    /// (`SANDBOX_AGENT_DESKTOP_DISPLAY_NUM`, default 99).
    public var defaultDisplayNumber: Int
    /// Where the desktop keeps its HOME and log when a start request names none
    /// (`SANDBOX_AGENT_DESKTOP_STATE_DIR`, else `$XDG_STATE_HOME/sandbox-agent/desktop`,
    /// else `~/.local/state/sandbox-agent/desktop`).
    public var defaultStateDirectory: String
    /// The environment desktop programs start from (PATH in particular).
    public var environment: [String: String]
    /// How long Xvfb and the window manager may take to come up.
    public var startupTimeout: Duration
    /// How many restarts of a crashed Xvfb or window manager within `restartWindow` before giving up.
    public var maximumRestarts: Int
    public var restartWindow: Duration
    /// Where X servers put their sockets and lock files (tests point these elsewhere only if needed).
    public var socketDirectory: String
    public var lockDirectory: String

    public init(
        defaultDisplayNumber: Int = 99, defaultStateDirectory: String, environment: [String: String],
        startupTimeout: Duration = .seconds(15), maximumRestarts: Int = 5, restartWindow: Duration = .seconds(60),
        socketDirectory: String = "/tmp/.X11-unix", lockDirectory: String = "/tmp"
    ) {
        self.defaultDisplayNumber = defaultDisplayNumber
        self.defaultStateDirectory = defaultStateDirectory
        self.environment = environment
        self.startupTimeout = startupTimeout
        self.maximumRestarts = maximumRestarts
        self.restartWindow = restartWindow
        self.socketDirectory = socketDirectory
        self.lockDirectory = lockDirectory
    }

    /// Defaults read from an environment as upstream does.
    public static func fromEnvironment(_ environment: [String: String]) -> DesktopConfiguration {
        let stateDirectory: String
        if let explicit = environment["SANDBOX_AGENT_DESKTOP_STATE_DIR"], !explicit.isEmpty {
            stateDirectory = explicit
        } else if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty {
            stateDirectory = xdg + "/sandbox-agent/desktop"
        } else if let home = environment["HOME"], !home.isEmpty {
            stateDirectory = home + "/.local/state/sandbox-agent/desktop"
        } else {
            stateDirectory = NSTemporaryDirectory() + "sandbox-agent/desktop"
        }
        let display = environment["SANDBOX_AGENT_DESKTOP_DISPLAY_NUM"].flatMap(Int.init) ?? 99
        return DesktopConfiguration(defaultDisplayNumber: display, defaultStateDirectory: stateDirectory, environment: environment)
    }
}
