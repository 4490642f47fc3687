import ACP

/// The params of the `_sandboxagent/session/ended` notification a relay sends when its agent is
/// gone: this server's fields (`reason`, `exitCode`, `signal`, `stderrTail`) and upstream's
/// (`session_id`, `message`, `data {reason, terminated_by, message, exit_code, stderr}`), in one
/// notification so clients of either read it.
enum RelayEnded {
    /// - Parameters:
    ///   - sessionId: the ACP session the notification is about (nil when the agent never made one).
    ///   - closed: the server was closed by `DELETE /v1/acp/{server_id}` (upstream: terminated by the daemon).
    static func params(_ exit: AgentExit, sessionId: String?, closed: Bool) -> JSONValue {
        let message: String =
            if closed { "the ACP server was closed" }
            else if let signal = exit.signal { "the agent was killed by signal \(signal)" }
            else { "the agent exited with status \(exit.exitCode ?? -1)" }
        var data: [String: JSONValue] = [
            "reason": .string(closed ? "terminated" : exit.exitCode == 0 ? "completed" : "error"),
            "terminated_by": .string(closed ? "daemon" : "agent"),
            "message": .string(message),
        ]
        var params: [String: JSONValue] = ["reason": "agent_exited", "message": .string(message)]
        if let code = exit.exitCode {
            params["exitCode"] = .int(Int64(code))
            data["exit_code"] = .int(Int64(code))
        }
        if let signal = exit.signal { params["signal"] = .int(Int64(signal)) }
        if !exit.stderrTail.isEmpty {
            params["stderrTail"] = .string(exit.stderrTail)
            let lines = exit.stderrTail.split(separator: "\n", omittingEmptySubsequences: false)
            data["stderr"] = ["tail": .string(exit.stderrTail), "truncated": .bool(lines.count >= 40 || exit.stderrTail.count >= 4000)]
        }
        if let sessionId { params["session_id"] = .string(sessionId) }
        params["data"] = .object(data)
        return .object(params)
    }
}
