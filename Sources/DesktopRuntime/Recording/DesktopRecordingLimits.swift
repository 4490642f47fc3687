import SandboxAgentAPI

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
