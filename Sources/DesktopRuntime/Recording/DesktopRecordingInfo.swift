import Foundation

/// A recording as `GET /v1/desktop/recordings/{id}` shows it (upstream's fields plus `fps`,
/// `width`, `height`, `durationSeconds`, the limits, `endReason` and `error`). Kept next to the
/// video as `<id>.json`.
public struct DesktopRecordingInfo: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case recording, completed, failed
    }

    /// Why a recording ended.
    public enum EndReason: String, Sendable, Codable {
        /// `POST /v1/desktop/recording/stop` (or the desktop or the server stopping).
        case stopped
        /// It reached `maxDurationSeconds`.
        case maxDuration
        /// Its file reached `maxBytes`.
        case maxBytes
        /// ffmpeg ended on its own: it failed (see `error`) or crashed.
        case ffmpegExited
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
    public var startedAt: String
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
}

/// `GET /v1/desktop/recordings`.
public struct DesktopRecordingListResponse: Sendable, Codable {
    public var recordings: [DesktopRecordingInfo]
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

/// The server's limits on every recording (`--recording-max-seconds`, `--recording-max-bytes`);
/// a start request may ask for less, never more.
public struct DesktopRecordingLimits: Sendable {
    public var maxDurationSeconds: Int
    public var maxBytes: Int64

    /// One hour, 2 GiB.
    public init(maxDurationSeconds: Int = 3600, maxBytes: Int64 = 2 << 30) {
        self.maxDurationSeconds = maxDurationSeconds
        self.maxBytes = maxBytes
    }

    /// The limits of one recording: the request's, checked against the server's.
    func applied(to request: DesktopRecordingStartRequest) throws(DesktopError) -> DesktopRecordingLimits {
        let seconds = request.maxDurationSeconds ?? maxDurationSeconds, bytes = request.maxBytes ?? maxBytes
        guard (1...maxDurationSeconds).contains(seconds) else {
            throw .invalid("maxDurationSeconds", "must be between 1 and \(maxDurationSeconds) (the server's --recording-max-seconds)")
        }
        guard (1...maxBytes).contains(bytes) else {
            throw .invalid("maxBytes", "must be between 1 and \(maxBytes) (the server's --recording-max-bytes)")
        }
        return DesktopRecordingLimits(maxDurationSeconds: seconds, maxBytes: bytes)
    }
}
