import SandboxAgentAPI

/// The params of the `_sandboxagent/session/ended` notification a relay sends when its agent is
/// gone: this server's members (`reason`, `message`, `exitCode`, `signal`, `stderrTail`) and
/// upstream's (`session_id`, `data`), in one ``SessionEndedParams`` so clients of either read it.
enum RelayEnded {
    /// - Parameters:
    ///   - sessionId: the ACP session the notification is about (nil when the agent never made one).
    ///   - closed: the server was closed by `DELETE /v1/acp/{server_id}` (upstream: terminated by the daemon).
    static func params(_ exit: AgentExit, sessionId: String?, closed: Bool) -> SessionEndedParams {
        let message: String =
            if closed { "the ACP server was closed" }
            else if let signal = exit.signal { "the agent was killed by signal \(signal)" }
            else { "the agent exited with status \(exit.exitCode ?? -1)" }
        var params = SessionEndedParams(reason: "agent_exited", message: message, exit: exit)
        params.upstreamSessionId = sessionId
        params.data = SessionEndedParams.Upstream(
            reason: closed ? "terminated" : exit.exitCode == 0 ? "completed" : "error", terminatedBy: closed ? "daemon" : "agent",
            message: message, exitCode: exit.exitCode,
            stderr: params.stderrTail.map { tail in
                let lines = tail.split(separator: "\n", omittingEmptySubsequences: false)
                return SessionEndedParams.Upstream.Stderr(tail: tail, truncated: lines.count >= 40 || tail.count >= 4000)
            })
        return params
    }
}
