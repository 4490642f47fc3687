/// The desktop runtime's state (`DesktopState`).
public enum DesktopState: String, Sendable, Codable {
    case inactive
    case installRequired = "install_required"
    case starting, active, stopping, failed
}

/// Screen size and density (`DesktopResolution`).
public struct DesktopResolution: Sendable, Hashable, Codable {
    public var width: Int
    public var height: Int
    public var dpi: Int?
}

/// An error the runtime met, kept in the status (`lastError`).
public struct DesktopErrorInfo: Sendable, Hashable, Codable {
    public var code: String
    public var message: String
}

/// One supervised program of the desktop (`DesktopProcessInfo`), plus our `processId` and restart count.
public struct DesktopProcessInfo: Sendable, Hashable, Codable {
    public var name: String
    public var pid: Int32?
    public var running: Bool
    /// The id in `/v1/processes` (logs, signals).
    public var processId: String?
    /// How many times the supervisor restarted it.
    public var restarts: Int
}

/// `GET /v1/desktop/status` and the answer of start/stop (`DesktopStatusResponse`).
public struct DesktopStatus: Sendable, Codable {
    public var state: DesktopState
    public var display: String?
    public var resolution: DesktopResolution?
    public var startedAt: String?
    public var lastError: DesktopErrorInfo?
    public var missingDependencies: [String]
    public var installCommand: String?
    public var processes: [DesktopProcessInfo]
    public var runtimeLogPath: String?
    public var windows: [DesktopWindowInfo]?
    /// Whether screenshots use MIT-SHM (false: the XGetImage fallback).
    public var sharedMemoryCapture: Bool?
}

/// `POST /v1/desktop/start` (every field optional). Streaming and recording fields of upstream are
/// accepted and validated for compatibility; the live view and recordings take their rates per request.
public struct DesktopStartRequest: Sendable, Codable {
    public var width: Int?
    public var height: Int?
    public var dpi: Int?
    public var displayNum: Int?
    public var stateDir: String?
    public var streamVideoCodec: String?
    public var streamAudioCodec: String?
    public var streamFrameRate: Int?
    public var webrtcPortRange: String?
    public var recordingFps: Int?

    public init(width: Int? = nil, height: Int? = nil, dpi: Int? = nil, displayNum: Int? = nil, stateDir: String? = nil) {
        self.width = width
        self.height = height
        self.dpi = dpi
        self.displayNum = displayNum
        self.stateDir = stateDir
    }

    public static let defaultWidth = 1440
    public static let defaultHeight = 900
    public static let defaultDPI = 96
    /// The largest screen side Xvfb is asked for.
    public static let maximumSide = 8192

    /// Checks the fields; returns width, height, dpi.
    func validated() throws(DesktopError) -> (width: Int, height: Int, dpi: Int) {
        let width = width ?? Self.defaultWidth, height = height ?? Self.defaultHeight, dpi = dpi ?? Self.defaultDPI
        if !(1...Self.maximumSide).contains(width) { throw .invalid("width", "must be between 1 and \(Self.maximumSide)") }
        if !(1...Self.maximumSide).contains(height) { throw .invalid("height", "must be between 1 and \(Self.maximumSide)") }
        if !(1...1000).contains(dpi) { throw .invalid("dpi", "must be between 1 and 1000") }
        if let displayNum, !(0...65535).contains(displayNum) { throw .invalid("displayNum", "must be between 0 and 65535") }
        if let stateDir, !stateDir.hasPrefix("/") { throw .invalid("stateDir", "must be an absolute path") }
        if let codec = streamVideoCodec, !["vp8", "vp9", "h264"].contains(codec) { throw .invalid("streamVideoCodec", "must be vp8, vp9 or h264") }
        if let codec = streamAudioCodec, !["opus", "g722"].contains(codec) { throw .invalid("streamAudioCodec", "must be opus or g722") }
        return (width, height, dpi)
    }
}

/// `GET /v1/desktop/display/info`.
public struct DesktopDisplayInfo: Sendable, Codable {
    public var display: String
    public var resolution: DesktopResolution
}

/// `POST /v1/desktop/launch` answer.
public struct DesktopLaunchResponse: Sendable, Codable {
    public var processId: String
    public var pid: Int32?
    public var windowId: String?
}

/// `POST /v1/desktop/open` answer.
public struct DesktopOpenResponse: Sendable, Codable {
    public var processId: String
    public var pid: Int32?
}
