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
