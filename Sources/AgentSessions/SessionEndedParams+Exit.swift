import SandboxAgentAPI

extension SessionEndedParams {
    /// The notification's params for a session that ended for `reason` when its agent exited
    /// as `exit` (an empty stderr tail is left out).
    init(reason: String, message: String? = nil, exit: AgentExit) {
        self.init(
            reason: reason, message: message, exitCode: exit.exitCode, signal: exit.signal,
            stderrTail: exit.stderrTail.isEmpty ? nil : exit.stderrTail)
    }
}
