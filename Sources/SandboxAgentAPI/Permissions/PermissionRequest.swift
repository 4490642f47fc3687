public import ACP

/// An ACP `PermissionOption` offered by the agent. Members beyond the three named ones (`_meta`, …)
/// are kept in ``other`` and sent on as the agent wrote them.
public struct PermissionOption: Codable, Sendable, Equatable {
    /// Agent-defined option id.
    public var optionId: String
    public var name: String
    /// `allow_once`, `allow_always`, `reject_once` or `reject_always`.
    public var kind: String
    /// The option's other members.
    public var other: [String: JSONValue]

    public init(optionId: String, name: String, kind: String, other: [String: JSONValue] = [:]) {
        self.optionId = optionId
        self.name = name
        self.kind = kind
        self.other = other
    }

    private static let named: Set<String> = ["optionId", "name", "kind"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        optionId = try container.decode(String.self, forKey: MemberKey("optionId"))
        name = try container.decode(String.self, forKey: MemberKey("name"))
        kind = try container.decode(String.self, forKey: MemberKey("kind"))
        other = [:]
        for key in container.allKeys where !Self.named.contains(key.stringValue) {
            other[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        for (name, value) in other where !Self.named.contains(name) { try container.encode(value, forKey: MemberKey(name)) }
        try container.encode(optionId, forKey: MemberKey("optionId"))
        try container.encode(name, forKey: MemberKey("name"))
        try container.encode(kind, forKey: MemberKey("kind"))
    }
}

/// A `session/request_permission` from the agent, held until it is answered, the turn is cancelled
/// or the session ends.
public struct PermissionRequest: Codable, Sendable, Equatable {
    /// Server-assigned id, for example `perm_1`; answer with it.
    public var permissionId: String
    /// Session id (not the agent's session id).
    public var sessionId: String
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64
    /// The ACP `ToolCallUpdate` the agent asks about (`toolCallId`, usually `title`, `rawInput`).
    public var toolCall: JSONValue
    public var options: [PermissionOption]
    /// The shorthand replies that map onto the options by `kind`: always `once`, `always`, `reject`.
    public var availableReplies: [String]

    public init(
        permissionId: String, sessionId: String, createdAt: Int64, toolCall: JSONValue, options: [PermissionOption],
        availableReplies: [String] = ["once", "always", "reject"]
    ) {
        self.permissionId = permissionId
        self.sessionId = sessionId
        self.createdAt = createdAt
        self.toolCall = toolCall
        self.options = options
        self.availableReplies = availableReplies
    }

    /// `toolCall.toolCallId`.
    public var toolCallId: String? { toolCall["toolCallId"]?.stringValue }
    /// `toolCall.title`.
    public var toolTitle: String? { toolCall["title"]?.stringValue }
}

/// Reply of `GET /v1/sessions/{id}/permissions`.
public struct PermissionListResponse: Codable, Sendable, Equatable {
    /// Pending requests, oldest first.
    public var permissions: [PermissionRequest]
    public init(permissions: [PermissionRequest]) { self.permissions = permissions }
}

extension PermissionReply {
    /// The `optionId` this reply selects among `options`, by `kind` with upstream's fallbacks.
    public func optionId(in options: [PermissionOption]) -> String? {
        func first(_ kinds: [String]) -> String? {
            for kind in kinds {
                if let option = options.first(where: { $0.kind == kind }) { return option.optionId }
            }
            return nil
        }
        switch self {
        case .once: return first(["allow_once", "allow_always"])
        case .always: return first(["allow_always", "allow_once"])
        case .reject: return first(["reject_once", "reject_always"])
        case .option(let id): return options.contains { $0.optionId == id } ? id : nil
        }
    }
}
