public import ACP
public import SandboxAgentAPI

/// A server-side session: the ``Session`` the API shows, plus what only the server keeps (the
/// agent's capabilities, the MCP servers and the `env` it was started with, for `resume`).
///
/// The session's fields are read and written through the record (`record.status`) and stored
/// flat beside the server's own in one JSON object, the format stores have always written.
@dynamicMemberLookup
public struct SessionRecord: Codable, Sendable, Equatable {
    /// The session as the API shows it (never `env`: it may hold keys).
    public var session: Session
    /// ACP `agentCapabilities` from `initialize`.
    public var agentCapabilities: JSONValue?
    /// ACP MCP servers passed to `session/new`.
    public var mcpServers: JSONValue?
    /// The environment the agent was started with (merged over its definition's).
    public var env: [String: String]?

    public init(_ session: Session, agentCapabilities: JSONValue? = nil, mcpServers: JSONValue? = nil, env: [String: String]? = nil) {
        self.session = session
        self.agentCapabilities = agentCapabilities
        self.mcpServers = mcpServers
        self.env = env
    }

    /// A field of ``session``.
    public subscript<Value>(dynamicMember field: WritableKeyPath<Session, Value>) -> Value {
        get { session[keyPath: field] }
        set { session[keyPath: field] = newValue }
    }

    /// A read-only property of ``session`` (`currentModeId`).
    public subscript<Value>(dynamicMember property: KeyPath<Session, Value>) -> Value {
        session[keyPath: property]
    }

    /// The server's own fields; the session's are its `CodingKeys`, in the same object.
    private enum CodingKeys: String, CodingKey { case agentCapabilities, mcpServers, env }

    public init(from decoder: any Decoder) throws {
        session = try Session(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agentCapabilities = try container.decodeIfPresent(JSONValue.self, forKey: .agentCapabilities)
        mcpServers = try container.decodeIfPresent(JSONValue.self, forKey: .mcpServers)
        env = try container.decodeIfPresent([String: String].self, forKey: .env)
    }

    public func encode(to encoder: any Encoder) throws {
        try session.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(agentCapabilities, forKey: .agentCapabilities)
        try container.encodeIfPresent(mcpServers, forKey: .mcpServers)
        try container.encodeIfPresent(env, forKey: .env)
    }
}
