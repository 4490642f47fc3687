/// The params of `_sandboxagent/session/started` (``SandboxAgentMethod/sessionStarted``): the
/// handshake with the agent finished.
public struct SessionStartedParams: Codable, Sendable, Equatable {
    public var agent: String
    /// The agent's own ACP session id.
    public var agentSessionId: String
    /// The session was resumed (`resume`, a prompt to an ended session, a crash restart).
    public var resumed: Bool
    /// How a resumed session got its history back: `session_load` (the agent loaded it) or
    /// `transcript_replay` (a new agent session whose next prompt carries the transcript).
    public var restoredBy: String?

    public init(agent: String, agentSessionId: String, resumed: Bool, restoredBy: String? = nil) {
        self.agent = agent
        self.agentSessionId = agentSessionId
        self.resumed = resumed
        self.restoredBy = restoredBy
    }
}
