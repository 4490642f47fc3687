public import ACP
public import SandboxAgentAPI

/// A server-side session: which agent, its ACP session id, and what it was started with.
/// `env` is kept for `resume` but never returned by the API.
public struct SessionRecord: Codable, Sendable, Equatable {
    public var id: String
    public var agent: String
    /// The agent's own session id (ACP `sessionId`).
    public var agentSessionId: String?
    public var status: SessionStatus
    public var cwd: String
    /// Epoch milliseconds.
    public var createdAt: Int64
    public var endedAt: Int64?
    /// Why the session ended (`deleted`, `agent_exited`, `server_restarted`, …).
    public var endReason: String?
    /// ACP `SessionModeState` as the agent last reported it.
    public var modes: JSONValue?
    /// ACP `configOptions` as the agent last reported them.
    public var configOptions: JSONValue?
    /// ACP `agentCapabilities` from `initialize`.
    public var agentCapabilities: JSONValue?
    public var mcpServers: JSONValue?
    public var env: [String: String]?
    /// Tokens, context and cost so far, when the agent reports them.
    public var usage: SessionUsage?
    /// The server that runs (or last ran) the session (`--instance-id`); nil for sessions stored
    /// before servers had ids.
    public var instanceId: String?
    /// The labels of that server (`--label k=v`: sandbox id, tenant, …).
    public var labels: [String: String]?

    public init(
        id: String, agent: String, agentSessionId: String? = nil, status: SessionStatus, cwd: String, createdAt: Int64,
        endedAt: Int64? = nil, endReason: String? = nil, modes: JSONValue? = nil, configOptions: JSONValue? = nil,
        agentCapabilities: JSONValue? = nil, mcpServers: JSONValue? = nil, env: [String: String]? = nil
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
        self.agentCapabilities = agentCapabilities
        self.mcpServers = mcpServers
        self.env = env
    }
}
