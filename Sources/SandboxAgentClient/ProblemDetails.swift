/// An RFC 9457 problem details body, as every error response of the API carries
/// (`application/problem+json`).
public struct ProblemDetails: Codable, Sendable, Equatable {
    /// URN of the error kind: `urn:sandbox-agent:error:<code>`.
    public var type: String
    /// Short summary of the error kind, for example `Not Found`.
    public var title: String
    /// HTTP status of the response.
    public var status: Int
    /// Explanation of this occurrence, for example `no process with id proc_9`.
    public var detail: String
    /// URI reference of this occurrence (usually the request path), when sent.
    public var instance: String?

    /// Creates problem details.
    public init(type: String, title: String, status: Int, detail: String, instance: String? = nil) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
    }

    /// The error code: the last segment of ``type``, for example `not_found`.
    public var code: String {
        type.split(separator: ":").last.map(String.init) ?? type
    }
}
