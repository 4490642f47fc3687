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

/// The params of `_sandboxagent/session/resumed` (``SandboxAgentMethod/sessionResumed``): an ended
/// session was started again without an explicit `resume`.
public struct SessionResumedParams: Codable, Sendable, Equatable {
    /// `prompt` (a prompt to the ended session) or `agent_crash` (the agent exited mid-turn).
    public var trigger: String
    /// The end reason of the session before this resume.
    public var previousEndReason: String
    /// The number of this automatic resume since the last explicit one.
    public var attempt: Int

    public init(trigger: String, previousEndReason: String, attempt: Int) {
        self.trigger = trigger
        self.previousEndReason = previousEndReason
        self.attempt = attempt
    }
}
