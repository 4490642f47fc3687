/// The params of `_sandboxagent/desktop/recording` (``SandboxAgentMethod/desktopRecording``): the
/// recording of the session's desktop, named in its transcript when the session asked for one.
public struct DesktopRecordingParams: Codable, Sendable, Equatable {
    public var recordingId: String
    public var fileName: String
    /// The recording's status when it was named (`recording`, usually).
    public var status: String
    public var fps: Int
    /// RFC 3339.
    public var startedAt: String
    /// Where to download the video once it is finished.
    public var downloadPath: String

    public init(recordingId: String, fileName: String, status: String, fps: Int, startedAt: String, downloadPath: String) {
        self.recordingId = recordingId
        self.fileName = fileName
        self.status = status
        self.fps = fps
        self.startedAt = startedAt
        self.downloadPath = downloadPath
    }
}
