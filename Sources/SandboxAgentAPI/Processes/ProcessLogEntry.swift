/// Which output of a process a log entry or query is about (open to values a newer server adds:
/// ``OpenEnumeration``).
public enum LogStream: OpenEnumeration {
    case stdout, stderr, pty
    /// Only in queries: stdout and stderr interleaved.
    case combined
    /// A stream this build does not know.
    case unknown(String)

    public static let allCases: [Self] = [.stdout, .stderr, .pty, .combined]

    public var rawValue: String {
        switch self {
        case .stdout: "stdout"
        case .stderr: "stderr"
        case .pty: "pty"
        case .combined: "combined"
        case .unknown(let value): value
        }
    }
}

/// One chunk of output as it was read (`ProcessLogEntry` in the API).
public struct ProcessLogEntry: Codable, Sendable, Equatable {
    /// 1-based, gap-free per process; SSE `id:` and `since` use it.
    public var sequence: UInt64
    public var stream: LogStream
    public var timestampMs: Int64
    /// The bytes, base64-encoded.
    public var data: String
    /// Always `base64`.
    public var encoding: String

    public init(sequence: UInt64, stream: LogStream, timestampMs: Int64, data: String, encoding: String = "base64") {
        self.sequence = sequence
        self.stream = stream
        self.timestampMs = timestampMs
        self.data = data
        self.encoding = encoding
    }
}

/// `GET /v1/processes/{id}/logs` without `follow`.
public struct ProcessLogsResponse: Codable, Sendable, Equatable {
    public var processId: String
    public var stream: LogStream
    public var entries: [ProcessLogEntry]
    public init(processId: String, stream: LogStream, entries: [ProcessLogEntry]) {
        self.processId = processId
        self.stream = stream
        self.entries = entries
    }
}
