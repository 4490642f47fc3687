/// `POST /v1/desktop/launch`: start an application on the desktop.
public struct DesktopLaunchRequest: Sendable, Codable {
    /// Executable name (looked up in PATH) or path.
    public var app: String
    public var args: [String]?
    /// Wait for the application's first window and return its id.
    public var wait: Bool?
    /// How long `wait` waits, in milliseconds (1 to 120,000; default 5,000 as upstream).
    public var waitTimeoutMs: Int?

    public init(app: String, args: [String]? = nil, wait: Bool? = nil, waitTimeoutMs: Int? = nil) {
        self.app = app
        self.args = args
        self.wait = wait
        self.waitTimeoutMs = waitTimeoutMs
    }
}

/// `POST /v1/desktop/launch` answer.
public struct DesktopLaunchResponse: Sendable, Codable {
    /// The id in `/v1/processes` (owner `desktop`).
    public var processId: String
    public var pid: Int32?
    /// With `wait`: the application's window, when it appeared in time.
    public var windowId: String?

    public init(processId: String, pid: Int32? = nil, windowId: String? = nil) {
        self.processId = processId
        self.pid = pid
        self.windowId = windowId
    }
}

/// `POST /v1/desktop/open`: open a file or URL with `xdg-open`.
public struct DesktopOpenRequest: Sendable, Codable {
    /// File path or URL.
    public var target: String

    public init(target: String) {
        self.target = target
    }
}

/// `POST /v1/desktop/open` answer: the started `xdg-open` process.
public struct DesktopOpenResponse: Sendable, Codable {
    /// The id in `/v1/processes` (owner `desktop`).
    public var processId: String
    public var pid: Int32?

    public init(processId: String, pid: Int32? = nil) {
        self.processId = processId
        self.pid = pid
    }
}
