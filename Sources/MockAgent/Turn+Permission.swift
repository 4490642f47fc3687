import ACP

/// `/permission [COMMAND]`: an execute tool call gated by `session/request_permission`.
extension Turn {
    /// What the permission step decided.
    enum Permission: Equatable {
        case allowed, rejected, cancelled
    }

    func permission(_ argument: String) async {
        let command = argument.isEmpty ? "echo hello" : argument
        let title = "`\(command)`"
        let call = await startTool(title: title, kind: "execute", rawInput: ["command": .string(command)])
        let id = call.toolCallId
        switch await askPermission(toolCall: JSONValue(encoding: call)) {
        case .allowed:
            updateTool(id, status: "in_progress")
            updateTool(id, status: "completed", content: [SessionUpdate.toolText("approved")])
            await say("Approved.")
        case .rejected:
            failTool(id, "Permission denied by user")
            await say("Rejected.")
        case .cancelled:
            failTool(id, "cancelled")
            cancelledByClient = true
        }
    }

    /// Asks the client unless the mode is `bypass` or an "always" answer is remembered. Waits up to
    /// 2 s after a cancel for the client's (`cancelled`) answer.
    func askPermission(toolCall: JSONValue) async -> Permission {
        if Task.isCancelled { return .cancelled }
        if await sessions.record(sessionId)?.modeId == "bypass" { return .allowed }
        switch await sessions.decision(sessionId) {
        case .allow: return .allowed
        case .reject: return .rejected
        case nil: break
        }
        let params = RequestPermissionParams(sessionId: sessionId, toolCall: toolCall, options: MockProfile.permissionOptionsJSON)
        let reply = await client.request(ACPMethod.sessionRequestPermission, JSONValue(encoding: params), cancelGrace: .seconds(2))
        if Task.isCancelled { return .cancelled }
        switch reply {
        case .abandoned: return .cancelled
        case .error: return .rejected
        case .result(let result): return await interpret(result["outcome"])
        }
    }

    private func interpret(_ outcome: JSONValue?) async -> Permission {
        if outcome?["outcome"]?.stringValue == "cancelled" { return .cancelled }
        guard outcome?["outcome"]?.stringValue == "selected",
              let optionID = outcome?["optionId"]?.stringValue,
              let option = MockProfile.permissionOptions.first(where: { $0.id == optionID })
        else {
            output.diagnostic("mock-agent: permission answer selects no offered option: \(String(describing: outcome))")
            return .rejected
        }
        switch option.kind {
        case "allow_always": await sessions.remember(.allow, for: sessionId)
        case "reject_always": await sessions.remember(.reject, for: sessionId)
        default: break
        }
        return option.kind.hasPrefix("allow") ? .allowed : .rejected
    }
}
