/// The desktop runtime's state (schema `DesktopState`; open to values a newer server adds:
/// ``OpenEnumeration``).
public enum DesktopState: OpenEnumeration {
    /// Not started.
    case inactive
    /// Not started, and Xvfb or openbox is missing.
    case installRequired
    /// Xvfb and openbox are starting (also while a crashed Xvfb is restarted).
    case starting
    /// Ready for actions.
    case active
    /// Being torn down.
    case stopping
    /// The start failed or the supervisor gave up; `lastError` says why.
    case failed
    /// A state this build does not know.
    case unknown(String)

    public static let allCases: [Self] = [.inactive, .installRequired, .starting, .active, .stopping, .failed]

    public var rawValue: String {
        switch self {
        case .inactive: "inactive"
        case .installRequired: "install_required"
        case .starting: "starting"
        case .active: "active"
        case .stopping: "stopping"
        case .failed: "failed"
        case .unknown(let value): value
        }
    }
}

/// Screen size and density (`DesktopResolution`).
public struct DesktopResolution: Sendable, Hashable, Codable {
    public var width: Int
    public var height: Int
    /// The dots per inch given to Xvfb.
    public var dpi: Int?

    public init(width: Int, height: Int, dpi: Int? = nil) {
        self.width = width
        self.height = height
        self.dpi = dpi
    }
}

/// An error the runtime met, kept in the status (`lastError`).
public struct DesktopErrorInfo: Sendable, Hashable, Codable {
    /// An error code (`desktop_runtime_failed`, …) or `desktop_process_restarted`.
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// One supervised program of the desktop (`DesktopProcessInfo`), plus our `processId` and restart count.
public struct DesktopProcessInfo: Sendable, Hashable, Codable {
    /// `Xvfb` or `openbox`.
    public var name: String
    public var pid: Int32?
    public var running: Bool
    /// The id in `/v1/processes` (logs, signals).
    public var processId: String?
    /// How many times the supervisor restarted it.
    public var restarts: Int

    public init(name: String, pid: Int32? = nil, running: Bool, processId: String? = nil, restarts: Int) {
        self.name = name
        self.pid = pid
        self.running = running
        self.processId = processId
        self.restarts = restarts
    }
}

/// `GET /v1/desktop/status` and the answer of start and stop (schema `DesktopStatusResponse`).
/// Optional members are absent when they do not apply.
public struct DesktopStatus: Sendable, Codable {
    public var state: DesktopState
    /// The X display name while a display exists (`:99`).
    public var display: String?
    public var resolution: DesktopResolution?
    /// When the desktop became active (RFC 3339).
    public var startedAt: String?
    public var lastError: DesktopErrorInfo?
    /// The programs not found on PATH.
    public var missingDependencies: [String]
    /// The command that installs them.
    public var installCommand: String?
    public var processes: [DesktopProcessInfo]
    public var runtimeLogPath: String?
    /// The visible windows, while active.
    public var windows: [DesktopWindowInfo]?
    /// Whether screenshots use MIT-SHM (false: the XGetImage fallback).
    public var sharedMemoryCapture: Bool?

    public init(
        state: DesktopState, display: String? = nil, resolution: DesktopResolution? = nil, startedAt: String? = nil,
        lastError: DesktopErrorInfo? = nil, missingDependencies: [String] = [], installCommand: String? = nil,
        processes: [DesktopProcessInfo] = [], runtimeLogPath: String? = nil, windows: [DesktopWindowInfo]? = nil,
        sharedMemoryCapture: Bool? = nil
    ) {
        self.state = state
        self.display = display
        self.resolution = resolution
        self.startedAt = startedAt
        self.lastError = lastError
        self.missingDependencies = missingDependencies
        self.installCommand = installCommand
        self.processes = processes
        self.runtimeLogPath = runtimeLogPath
        self.windows = windows
        self.sharedMemoryCapture = sharedMemoryCapture
    }
}

/// `GET /v1/desktop/display/info` (schema `DesktopDisplayInfoResponse`).
public struct DesktopDisplayInfo: Sendable, Codable {
    /// The X display name (`:99`).
    public var display: String
    public var resolution: DesktopResolution

    public init(display: String, resolution: DesktopResolution) {
        self.display = display
        self.resolution = resolution
    }
}
