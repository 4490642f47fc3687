/// An RFC 9457 problem details body, as every error response of the API carries
/// (`application/problem+json`), with its extension members (`allowed`, `path`, …) flattened in.
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
    /// Extension members whose value is a string.
    public var extensions: [String: String]
    /// Extension members whose value is a list of strings.
    public var listExtensions: [String: [String]]

    /// Creates problem details.
    public init(
        type: String, title: String, status: Int, detail: String, instance: String? = nil,
        extensions: [String: String] = [:], listExtensions: [String: [String]] = [:]
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.extensions = extensions
        self.listExtensions = listExtensions
    }

    /// The error code: the last segment of ``type``, for example `not_found`.
    public var code: String {
        type.split(separator: ":").last.map(String.init) ?? type
    }

    private static let named: Set<String> = ["type", "title", "status", "detail", "instance"]

    /// Reads the named members and the extensions that are strings or lists of strings (others
    /// are skipped).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        type = try container.decode(String.self, forKey: MemberKey("type"))
        title = try container.decode(String.self, forKey: MemberKey("title"))
        status = try container.decode(Int.self, forKey: MemberKey("status"))
        detail = try container.decode(String.self, forKey: MemberKey("detail"))
        instance = try container.decodeIfPresent(String.self, forKey: MemberKey("instance"))
        extensions = [:]
        listExtensions = [:]
        for key in container.allKeys where !Self.named.contains(key.stringValue) {
            if let value = try? container.decode(String.self, forKey: key) {
                extensions[key.stringValue] = value
            } else if let list = try? container.decode([String].self, forKey: key) {
                listExtensions[key.stringValue] = list
            }
        }
    }

    /// The extensions first, then the named members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for (key, value) in extensions where !Self.named.contains(key) { try container.encode(value, forKey: MemberKey(key)) }
        for (key, value) in listExtensions where !Self.named.contains(key) { try container.encode(value, forKey: MemberKey(key)) }
        try container.encode(type, forKey: MemberKey("type"))
        try container.encode(title, forKey: MemberKey("title"))
        try container.encode(status, forKey: MemberKey("status"))
        try container.encode(detail, forKey: MemberKey("detail"))
        try container.encodeIfPresent(instance, forKey: MemberKey("instance"))
    }
}
