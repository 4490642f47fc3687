/// Reply of `GET /v1/health`.
public struct HealthResponse: Codable, Sendable, Equatable {
    /// Always `ok`.
    public var status: String
    /// Version of the server, for example `0.1.0`.
    public var version: String

    /// Creates a health report.
    public init(status: String, version: String) {
        self.status = status
        self.version = version
    }
}
