public import ACP

/// A server-side agent session as the API shows it (`Session` in the OpenAPI document). The `env`
/// given at creation is stored for `resume` but never part of it.
public struct Session: Codable, Sendable, Equatable {
    /// Session id, for example `sess_4f1c2b7a9d0e3f6a8b1c`.
    public var id: String
    /// Agent id, for example `mock` or `claude`.
    public var agent: String
    /// The agent's own ACP `sessionId`.
    public var agentSessionId: String?
    public var status: SessionStatus
    /// Absolute working directory of the agent.
    public var cwd: String
    /// Creation time, milliseconds since the Unix epoch.
    public var createdAt: Int64
    /// End time, milliseconds since the Unix epoch (only when ended).
    public var endedAt: Int64?
    /// Why the session ended: `deleted`, `agent_exited`, `server_restarted`, `server_shutdown`, `start_failed`.
    public var endReason: String?
    /// ACP `SessionModeState` (`{currentModeId, availableModes}`) as the agent last reported it.
    public var modes: JSONValue?
    /// ACP config options as the agent last reported them.
    public var configOptions: JSONValue?
    /// Tokens, context and cost so far, when the agent reports them.
    public var usage: SessionUsage?
    /// The server (`--instance-id`) that runs or last ran the session.
    public var instanceId: String?
    /// That server's labels (`--label KEY=VALUE`).
    public var labels: [String: String]?

    public init(
        id: String, agent: String, agentSessionId: String? = nil, status: SessionStatus, cwd: String, createdAt: Int64,
        endedAt: Int64? = nil, endReason: String? = nil, modes: JSONValue? = nil, configOptions: JSONValue? = nil,
        usage: SessionUsage? = nil, instanceId: String? = nil, labels: [String: String]? = nil
    ) {
        self.id = id
        self.agent = agent
        self.agentSessionId = agentSessionId
        self.status = status
        self.cwd = cwd
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.endReason = endReason
        self.modes = modes
        self.configOptions = configOptions
        self.usage = usage
        self.instanceId = instanceId
        self.labels = labels
    }

    /// The current mode id, when the agent reports modes.
    public var currentModeId: String? { modes?["currentModeId"]?.stringValue }
}

/// A page of `GET /v1/sessions`.
public struct SessionListResponse: Codable, Sendable, Equatable {
    /// Sessions in creation order.
    public var items: [Session]
    /// Pass as `cursor` for the next page; nil on the last page.
    public var nextCursor: String?

    public init(items: [Session], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    private enum CodingKeys: String, CodingKey { case items, nextCursor }

    /// `nextCursor` is required: a missing one is not the last page.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([Session].self, forKey: .items)
        nextCursor = try container.decode(String?.self, forKey: .nextCursor)
    }

    /// `nextCursor` is always sent, `null` on the last page.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
