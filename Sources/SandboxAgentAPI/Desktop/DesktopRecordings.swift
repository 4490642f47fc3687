/// A recording as `GET /v1/desktop/recordings/{id}` shows it (upstream's fields plus `fps`,
/// `width`, `height`, `durationSeconds`, the limits, `endReason` and `error`). The server keeps it
/// next to the video as `<id>.json`.
public struct DesktopRecordingInfo: Sendable, Codable, Equatable {
    /// Whether a recording runs or how it ended (open to values a newer server adds: ``OpenEnumeration``).
    public enum Status: OpenEnumeration {
        case recording, completed, failed
        /// A status this build does not know.
        case unknown(String)

        public static let allCases: [Self] = [.recording, .completed, .failed]

        public var rawValue: String {
            switch self {
            case .recording: "recording"
            case .completed: "completed"
            case .failed: "failed"
            case .unknown(let value): value
            }
        }
    }

    /// Why a recording ended (open to values a newer server adds: ``OpenEnumeration``).
    public enum EndReason: OpenEnumeration {
        /// `POST /v1/desktop/recording/stop` (or the desktop or the server stopping).
        case stopped
        /// It reached `maxDurationSeconds`.
        case maxDuration
        /// Its file reached `maxBytes`.
        case maxBytes
        /// ffmpeg ended on its own: it failed (see `error`) or crashed.
        case ffmpegExited
        /// A reason this build does not know.
        case unknown(String)

        public static let allCases: [Self] = [.stopped, .maxDuration, .maxBytes, .ffmpegExited]

        public var rawValue: String {
            switch self {
            case .stopped: "stopped"
            case .maxDuration: "maxDuration"
            case .maxBytes: "maxBytes"
            case .ffmpegExited: "ffmpegExited"
            case .unknown(let value): value
            }
        }
    }

    /// `rec_1`, `rec_2`, …
    public var id: String
    public var status: Status
    /// The ffmpeg process while recording (a `/v1/processes` id).
    public var processId: String?
    /// `rec_1.mp4`.
    public var fileName: String
    /// The video file's size now.
    public var bytes: Int64
    /// RFC 3339.
    public var startedAt: String
    /// RFC 3339, once it has ended.
    public var endedAt: String?
    public var fps: Int
    public var width: Int
    public var height: Int
    /// The video's duration as ffprobe reads it, once completed.
    public var durationSeconds: Double?
    /// The longest the recording may run, in seconds.
    public var maxDurationSeconds: Int?
    /// The largest the video file may grow, in bytes.
    public var maxBytes: Int64?
    /// Why it ended, once it has.
    public var endReason: EndReason?
    /// Why a failed recording failed.
    public var error: String?

    public init(
        id: String, status: Status, processId: String? = nil, fileName: String, bytes: Int64, startedAt: String,
        endedAt: String? = nil, fps: Int, width: Int, height: Int, durationSeconds: Double? = nil,
        maxDurationSeconds: Int? = nil, maxBytes: Int64? = nil, endReason: EndReason? = nil, error: String? = nil
    ) {
        self.id = id
        self.status = status
        self.processId = processId
        self.fileName = fileName
        self.bytes = bytes
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.fps = fps
        self.width = width
        self.height = height
        self.durationSeconds = durationSeconds
        self.maxDurationSeconds = maxDurationSeconds
        self.maxBytes = maxBytes
        self.endReason = endReason
        self.error = error
    }
}

/// `GET /v1/desktop/recordings`.
public struct DesktopRecordingListResponse: Sendable, Codable {
    public var recordings: [DesktopRecordingInfo]

    public init(recordings: [DesktopRecordingInfo]) {
        self.recordings = recordings
    }
}

/// `POST /v1/desktop/recording/start` (body optional).
public struct DesktopRecordingStartRequest: Sendable, Codable {
    /// Frames per second, 1–60 (default: the desktop's `recordingFps`, else 30).
    public var fps: Int?
    /// Ends the recording after this many seconds (at most the server's limit, which is the default).
    public var maxDurationSeconds: Int?
    /// Ends the recording when its file reaches this many bytes (at most the server's limit, the default).
    public var maxBytes: Int64?

    public init(fps: Int? = nil, maxDurationSeconds: Int? = nil, maxBytes: Int64? = nil) {
        self.fps = fps
        self.maxDurationSeconds = maxDurationSeconds
        self.maxBytes = maxBytes
    }
}
