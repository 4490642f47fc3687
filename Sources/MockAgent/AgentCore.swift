import ACP

/// Handles one input line at a time: answers requests, routes responses to the agent's pending
/// requests, and starts each prompt turn in its own task so input keeps flowing while it runs.
struct AgentCore: Sendable {
    let output: Output
    let client: ClientLink
    let sessions: Sessions
    /// Ends `serve()` with an exit status (used by `/crash`).
    let terminate: @Sendable (Int32) -> Void

    func receive(_ line: String) async {
        guard line.contains(where: { !$0.isWhitespace }) else { return }
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(line)
        } catch {
            return output.fail(.null, error)
        }
        switch message {
        case .response(let id, let result):
            if await !client.resolve(id, result) {
                output.diagnostic("mock-agent: ignoring response to unknown request \(id)")
            }
        case .notification(let method, let params):
            await notification(method, params ?? [:])
        case .request(let id, let method, let params):
            do {
                try await request(id, method, params ?? [:])
            } catch {
                output.fail(id, error)
            }
        }
    }

    /// Cancels every turn and stops waiting for the client (at exit).
    func shutdown() async {
        output.close()
        await sessions.cancelAll()
        await client.abandonAll()
    }

    private func notification(_ method: String, _ params: JSONValue) async {
        switch method {
        case ACPMethod.sessionCancel:
            if let cancel = try? params.decoded(as: CancelParams.self) { await sessions.cancelTurn(session: cancel.sessionId) }
        case ACPMethod.cancelRequest:
            switch params["requestId"] {
            case .int(let value)?: await sessions.cancelTurn(promptID: .int(value))
            case .string(let value)?: await sessions.cancelTurn(promptID: .string(value))
            default: break
            }
        default:
            break
        }
    }

    /// Requests' params are read as ACP's typed params: those that do not fit are invalid params
    /// naming the member.
    private func request(_ id: JSONRPCID, _ method: String, _ params: JSONValue) async throws(JSONRPCError) {
        switch method {
        case ACPMethod.initialize:
            await client.setCapabilities(ClientLink.Capabilities(params["clientCapabilities"]))
            output.respond(id, MockProfile.initializeResult)
        case ACPMethod.sessionNew:
            let new = try params.decoded(as: NewSessionParams.self)
            let (cwd, servers) = try Self.workspace(cwd: new.cwd, mcpServers: new.mcpServers)
            let record = await sessions.create(cwd: cwd, mcpServers: servers)
            let state = MockProfile.sessionState(mode: record.modeId, model: record.modelId)
            output.respond(id, JSONValue(encoding: NewSessionResult(sessionId: record.sessionId, modes: state.modes, configOptions: state.configOptions)))
            announceCommands(record.sessionId)
        case ACPMethod.sessionLoad:
            let record = try await load(params)
            output.respond(id, JSONValue(encoding: MockProfile.sessionState(mode: record.modeId, model: record.modelId)))
            announceCommands(record.sessionId)
        case ACPMethod.sessionSetMode:
            let mode = try params.decoded(as: SetModeParams.self)
            let (sessionId, modeId) = (mode.sessionId, mode.modeId)
            guard MockProfile.modes.contains(where: { $0.id == modeId }) else {
                throw .invalidParams("unknown mode \(modeId)")
            }
            guard await sessions.update(sessionId, { $0.modeId = modeId }) != nil else { throw .unknownSession(sessionId) }
            output.respond(id, [:])
        case ACPMethod.sessionSetConfigOption:
            let record = try await setConfigOption(params)
            output.respond(id, ["configOptions": MockProfile.configOptions(mode: record.modeId, model: record.modelId)])
        case ACPMethod.sessionPrompt:
            try await prompt(id, params)
        default:
            throw .methodNotFound(method)
        }
    }

    private func announceCommands(_ sessionId: String) {
        output.send(SessionUpdateParams.notification(sessionId: sessionId, update: AvailableCommandsUpdate(availableCommands: MockProfile.availableCommands)))
    }

    /// Replays every stored turn (prompt as `user_message_chunk`, reply as `agent_message_chunk`s).
    private func load(_ params: JSONValue) async throws(JSONRPCError) -> MockSessionRecord {
        let load = try params.decoded(as: LoadSessionParams.self)
        let sessionId = load.sessionId
        let (cwd, servers) = try Self.workspace(cwd: load.cwd, mcpServers: load.mcpServers)
        guard await sessions.open(sessionId) != nil,
              let record = await sessions.update(sessionId, { $0.cwd = cwd; $0.mcpServers = servers })
        else { throw .unknownSession(sessionId) }
        for turn in record.turns {
            let userID = await sessions.nextMessageID()
            output.send(SessionUpdateParams.notification(sessionId: sessionId, update: UserMessageChunk(text: turn.prompt, messageId: userID)))
            let agentID = await sessions.nextMessageID()
            for piece in SessionUpdate.words(turn.reply) {
                output.send(SessionUpdateParams.notification(sessionId: sessionId, update: AgentMessageChunk(text: piece, messageId: agentID)))
            }
        }
        return record
    }

    /// The `cwd` (absolute) and `mcpServers` (an array) of `session/new` and `session/load`.
    private static func workspace(cwd: String, mcpServers: JSONValue) throws(JSONRPCError) -> (cwd: String, servers: [JSONValue]) {
        guard cwd.hasPrefix("/") else { throw .invalidParams("cwd must be an absolute path") }
        guard let servers = mcpServers.arrayValue else { throw .invalidParams("mcpServers must be an array") }
        return (cwd, servers)
    }

    private func setConfigOption(_ params: JSONValue) async throws(JSONRPCError) -> MockSessionRecord {
        let option = try params.decoded(as: SetConfigOptionParams.self)
        let (sessionId, configId) = (option.sessionId, option.configId)
        guard let value = option.value.stringValue else { throw .invalidParams("value must be a string") }
        let change: @Sendable (inout MockSessionRecord) -> Void
        switch configId {
        case "mode" where MockProfile.modes.contains(where: { $0.id == value }):
            change = { $0.modeId = value }
        case "model" where MockProfile.models.contains(where: { $0.value == value }):
            change = { $0.modelId = value }
        case "mode", "model":
            throw .invalidParams("unknown value \(value) for \(configId)")
        default:
            throw .invalidParams("unknown config option \(configId)")
        }
        guard let record = await sessions.update(sessionId, change) else { throw .unknownSession(sessionId) }
        return record
    }

    /// Starts a turn in its own task; the task answers the prompt.
    private func prompt(_ id: JSONRPCID, _ params: JSONValue) async throws(JSONRPCError) {
        let turn = try params.decoded(as: PromptParams.self)
        let sessionId = turn.sessionId
        let text = turn.prompt
            .compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }
            .joined(separator: "\n")
        switch await sessions.beginTurn(sessionId, promptID: id) {
        case .unknownSession:
            throw .unknownSession(sessionId)
        case .busy:
            throw .promptInProgress(sessionId)
        case .started(let token, let record):
            let task = Task { await runTurn(record: record, token: token, promptID: id, text: text) }
            await sessions.attach(task, session: sessionId, token: token)
        }
    }

    private func runTurn(record: MockSessionRecord, token: Int, promptID: JSONRPCID, text: String) async {
        let turn = Turn(record: record, output: output, client: client, sessions: sessions)
        let outcome = await turn.run(PromptScript(text: text))
        switch outcome {
        case .crash:
            terminate(3)
        case .failure(let error):
            await sessions.finishTurn(record.sessionId, token: token, turn: nil)
            output.fail(promptID, error)
        case .stop(let reason):
            let saved = MockSessionRecord.Turn(prompt: text, reply: turn.reply)
            if let problem = await sessions.finishTurn(record.sessionId, token: token, turn: saved) {
                output.diagnostic("mock-agent: \(problem)")
            }
            let usage = MockUsage(turn: saved, history: record.turns)
            output.send(SessionUpdateParams.notification(sessionId: record.sessionId, update: usage.update))
            output.respond(promptID, JSONValue(encoding: PromptResult(stopReason: reason, usage: usage.turnUsage)))
        }
    }
}
