/// `POST /v1/desktop/start` (every field optional; the body itself may be omitted). Of upstream's
/// streaming and recording fields, `streamFrameRate` and `recordingFps` set the default rates of
/// the live view and the recordings (clamped to 1–60 as upstream does); the WebRTC codec and port
/// fields are accepted and validated for compatibility only.
public struct DesktopStartRequest: Sendable, Codable {
    /// Screen width in pixels (default 1440).
    public var width: Int?
    /// Screen height in pixels (default 900).
    public var height: Int?
    /// Dots per inch (default 96).
    public var dpi: Int?
    /// The first X display number to try (the server's default, else `:99`).
    public var displayNum: Int?
    /// An absolute directory for the desktop's home and runtime log.
    public var stateDir: String?
    /// `vp8`, `vp9` or `h264`: accepted for upstream compatibility, unused.
    public var streamVideoCodec: String?
    /// `opus` or `g722`: accepted for upstream compatibility, unused.
    public var streamAudioCodec: String?
    /// The live view's default frames per second.
    public var streamFrameRate: Int?
    /// Accepted for upstream compatibility, unused.
    public var webrtcPortRange: String?
    /// The recordings' default frames per second.
    public var recordingFps: Int?

    public init(
        width: Int? = nil, height: Int? = nil, dpi: Int? = nil, displayNum: Int? = nil, stateDir: String? = nil,
        streamVideoCodec: String? = nil, streamAudioCodec: String? = nil, streamFrameRate: Int? = nil,
        webrtcPortRange: String? = nil, recordingFps: Int? = nil
    ) {
        self.width = width
        self.height = height
        self.dpi = dpi
        self.displayNum = displayNum
        self.stateDir = stateDir
        self.streamVideoCodec = streamVideoCodec
        self.streamAudioCodec = streamAudioCodec
        self.streamFrameRate = streamFrameRate
        self.webrtcPortRange = webrtcPortRange
        self.recordingFps = recordingFps
    }
}
