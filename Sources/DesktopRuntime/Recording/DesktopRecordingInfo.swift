import Foundation

/// A recording as `GET /v1/desktop/recordings/{id}` shows it (upstream's fields plus `fps`,
/// `width`, `height`, `durationSeconds` and `error`). Kept next to the video as `<id>.json`.
public struct DesktopRecordingInfo: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case recording, completed, failed
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
    /// Why a failed recording failed.
    public var error: String?
}

/// `GET /v1/desktop/recordings`.
public struct DesktopRecordingListResponse: Sendable, Codable {
    public var recordings: [DesktopRecordingInfo]
}

/// `POST /v1/desktop/recording/start` (body optional).
public struct DesktopRecordingStartRequest: Sendable, Codable {
    /// Frames per second, 1–60 (default 30, upstream's `recordingFps`).
    public var fps: Int?

    public init(fps: Int? = nil) { self.fps = fps }
}
