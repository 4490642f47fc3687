/// Reply of `GET /v1/health`.
public struct HealthResponse: Codable, Sendable, Equatable {
    /// `ok`, or `degraded` while session events cannot be stored.
    public var status: String
    /// Version of the server, for example `0.1.0`.
    public var version: String
    /// Why the server is degraded (only then).
    public var reason: String?

    /// Creates a health report.
    public init(status: String, version: String, reason: String? = nil) {
        self.status = status
        self.version = version
        self.reason = reason
    }
}
