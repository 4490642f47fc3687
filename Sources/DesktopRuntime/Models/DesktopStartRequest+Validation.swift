public import SandboxAgentAPI

extension DesktopStartRequest {
    public static let defaultWidth = 1440
    public static let defaultHeight = 900
    public static let defaultDPI = 96
    /// The largest screen side Xvfb is asked for.
    public static let maximumSide = 8192

    /// The default rates this request sets.
    var rates: DesktopRates {
        DesktopRates(streamFrameRate: min(60, max(1, streamFrameRate ?? 30)), recordingFps: min(60, max(1, recordingFps ?? 30)))
    }

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
