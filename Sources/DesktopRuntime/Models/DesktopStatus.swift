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

/// `POST /v1/desktop/start` (every field optional). Of upstream's streaming and recording fields,
/// `streamFrameRate` and `recordingFps` set the default rates of the live view and the recordings
/// (clamped to 1–60 as upstream does); the WebRTC codec and port fields are accepted and validated
/// for compatibility only.
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

    /// The default rates this request sets.
    var rates: DesktopRates {
        DesktopRates(streamFrameRate: min(60, max(1, streamFrameRate ?? 30)), recordingFps: min(60, max(1, recordingFps ?? 30)))
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
        // Clamped to 1–60 (`rates`), but 32-bit integers as the API document says.
        for (name, value) in [("streamFrameRate", streamFrameRate), ("recordingFps", recordingFps)] {
            if let value, Int32(exactly: value) == nil { throw .invalid(name, "must be a 32-bit integer (it is clamped to 1-60)") }
        }
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

/// The default frame rates of a running desktop (`streamFrameRate`, `recordingFps` of its start).
public struct DesktopRates: Sendable, Equatable {
    /// The live view's `fps` when a viewer names none.
    public var streamFrameRate = 30
    /// A recording's `fps` when its start names none.
    public var recordingFps = 30

    public init(streamFrameRate: Int = 30, recordingFps: Int = 30) {
        self.streamFrameRate = streamFrameRate
        self.recordingFps = recordingFps
    }
}
