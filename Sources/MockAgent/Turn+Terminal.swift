import ACP

/// `/terminal CMD`: `terminal/create` (the whole shell line as `command`), `wait_for_exit`,
/// `output`, `release`.
extension Turn {
    func terminal(_ command: String) async {
        guard !command.isEmpty else { return await say("usage: /terminal COMMAND") }
        let id = await startTool(title: "`\(command)`", kind: "execute", rawInput: ["command": .string(command)]).toolCallId
        guard await client.capabilities.terminal else {
            return failTool(id, "client does not support terminal/create")
        }
        let created = await client.request(
            ACPMethod.terminalCreate, JSONValue(encoding: CreateTerminalParams(sessionId: sessionId, command: command, outputByteLimit: 32000)))
        let terminalID: String
        switch created {
        case .result(let result):
            guard let value = try? result.decoded(as: CreateTerminalResult.self).terminalId else {
                return failTool(id, "terminal/create returned no terminalId")
            }
            terminalID = value
        case .error(let error): return failTool(id, error.message)
        case .abandoned: return failTool(id, "cancelled")
        }
        let embedded: JSONValue = ["type": "terminal", "terminalId": .string(terminalID)]
        updateTool(id, status: "in_progress", content: [embedded])
        let finished = await waitAndCollect(terminalID)
        _ = await client.request(ACPMethod.terminalRelease, terminalParams(terminalID))
        switch finished {
        case .success(let (exitCode, text)):
            updateTool(id, status: exitCode == 0 ? "completed" : "failed",
                       content: [embedded, SessionUpdate.toolText(text)],
                       rawOutput: ["output": .string(text), "exitCode": exitCode.map { .int($0) } ?? .null])
        case .failure(let problem):
            updateTool(id, status: "failed", content: [embedded, SessionUpdate.toolText(problem.message)])
        }
    }

    private struct Problem: Error {
        var message: String
    }

    /// `terminal/wait_for_exit` then `terminal/output`: the exit code (nil if killed by a signal)
    /// and the output text.
    private func waitAndCollect(_ terminalID: String) async -> Result<(Int64?, String), Problem> {
        let exit: TerminalExitStatus?
        switch await client.request(ACPMethod.terminalWaitForExit, terminalParams(terminalID)) {
        case .result(let result): exit = try? result.decoded(as: TerminalExitStatus.self)
        case .error(let error): return .failure(Problem(message: error.message))
        case .abandoned: return .failure(Problem(message: "cancelled"))
        }
        switch await client.request(ACPMethod.terminalOutput, terminalParams(terminalID)) {
        case .result(let result):
            return .success((exit?.exitCode.map(Int64.init), (try? result.decoded(as: TerminalOutputResult.self))?.output ?? ""))
        case .error(let error): return .failure(Problem(message: error.message))
        case .abandoned: return .failure(Problem(message: "cancelled"))
        }
    }

    private func terminalParams(_ terminalID: String) -> JSONValue {
        JSONValue(encoding: TerminalParams(sessionId: sessionId, terminalId: terminalID))
    }
}
