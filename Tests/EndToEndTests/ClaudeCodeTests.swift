import Foundation
import NIOHTTP1
import Testing

/// The native Claude Code driver against the real CLI (from the claude-agent-sdk wheel) and a
/// fake Anthropic model server, through the HTTP API like any client.
@Suite(
    "Claude Code, real CLI",
    .enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
struct ClaudeCodeTests {
    private func create(_ api: SessionAPI, cwd: URL) async throws -> String {
        try await api.create(agent: "claude", extra: ["cwd": cwd.path])
    }

    @Test func aTextTurnStreamsChunksAndEndsEndTurn() async throws {
        try await withClaudeServer { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            let record = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()
            #expect(record["agent"] as? String == "claude")
            let result = try await api.prompt(id, "hello there")
            #expect(result.status == 200, "\(result.text)")
            #expect(try result.json()["stopReason"] as? String == "end_turn")
            let events = try await api.events(id)
            let chunks = events.updates.filter { $0["sessionUpdate"] as? String == "agent_message_chunk" }
            #expect(chunks.count >= 2, "the reply streams in chunks")
            #expect(events.text(of: "agent_message_chunk") == "Echo #1: hello there")
            #expect(try model.messageRequests().count == 1)
        }
    }

    @Test func aSecondPromptContinuesTheConversation() async throws {
        try await withClaudeServer { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            #expect(try await api.prompt(id, "first message").json()["stopReason"] as? String == "end_turn")
            #expect(try await api.prompt(id, "second message").json()["stopReason"] as? String == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Echo #2: second message"))
            let last = try #require(try model.messageRequests().last)
            let texts = FakeModelAPI.messageTexts(of: last)
            #expect(texts.contains { $0.contains("first message") } && texts.contains { $0.contains("Echo #1: first message") })
        }
    }

    @Test func allowingAToolRunsItAndRejectingDoesNot() async throws {
        try await withClaudeServer { server, _, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            let allowed = work.appendingPathComponent("allowed.txt")
            #expect(try await api.prompt(id, "please run: echo allowed > \(allowed.path)", wait: false).status == 202)
            let first = try await api.pendingPermission(id)
            let toolCall = first["toolCall"] as? [String: Any]
            #expect(toolCall?["kind"] as? String == "execute")
            #expect((toolCall?["title"] as? String)?.contains("echo allowed") == true)
            // The mock's (and ACP's) option ids, in its order.
            let options = (first["options"] as? [[String: Any]] ?? []).compactMap { $0["optionId"] as? String }
            #expect(options == ["allow-once", "allow-always", "reject-once", "reject-always"], "\(first["options"] ?? "")")
            let firstID = try #require(first["permissionId"] as? String)
            #expect(try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(firstID)"), ["reply": "once"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(try String(contentsOf: allowed, encoding: .utf8) == "allowed\n")

            let rejected = work.appendingPathComponent("rejected.txt")
            #expect(try await api.prompt(id, "please write \(rejected.path): never", wait: false).status == 202)
            let second = try await api.pendingPermission(id)
            #expect((second["toolCall"] as? [String: Any])?["kind"] as? String == "edit")
            let secondID = try #require(second["permissionId"] as? String)
            #expect(try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(secondID)"), ["reply": "reject"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(!FileManager.default.fileExists(atPath: rejected.path))

            let updates = try await api.events(id).updates
            let statuses = updates.filter { $0["sessionUpdate"] as? String == "tool_call_update" }.compactMap { $0["status"] as? String }
            #expect(statuses == ["in_progress", "completed", "failed"])
            #expect(updates.contains { $0["sessionUpdate"] as? String == "tool_call" && $0["kind"] as? String == "edit" })
        }
    }

    /// The tool results the CLI sent the model, in order (text of each `tool_result` block).
    private func toolResults(_ model: FakeModelAPI) throws -> [(text: String, isError: Bool)] {
        let last = try #require(try model.messageRequests().last)
        return ((last["messages"] as? [[String: Any]]) ?? []).flatMap { message -> [(text: String, isError: Bool)] in
            ((message["content"] as? [[String: Any]]) ?? []).filter { $0["type"] as? String == "tool_result" }.map { block in
                let text = block["content"] as? String
                    ?? ((block["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }.joined()
                return (text, block["is_error"] as? Bool ?? false)
            }
        }
    }

    @Test func askUserQuestionIsAQuestionWhoseAnswerTheModelReceives() async throws {
        try await withClaudeServer { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            #expect(try await api.prompt(id, "please ask: which db?", wait: false).status == 202)
            let question = try await api.pendingQuestion(id)
            #expect(question["message"] as? String == "Which database should I use?")
            let item = try #require((question["questions"] as? [[String: Any]])?.first)
            #expect(item["header"] as? String == "Database" && item["multiSelect"] as? Bool == false)
            #expect((item["options"] as? [[String: Any]])?.map { $0["label"] as? String } == ["Postgres", "SQLite"])
            let questionId = try #require(question["id"] as? String)
            let wrong = try await api.answer(id, questionId, ["answers": ["q1": "MySQL"]])
            #expect(wrong.status == 400, "\(wrong.text)")
            #expect(try await api.answer(id, questionId, ["answers": ["q1": "SQLite"]]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            let results = try toolResults(model)
            #expect(results.last?.text.contains(#""Which database should I use?"="SQLite""#) == true, "\(results)")
            #expect(try await api.events(id).text(of: "agent_message_chunk").contains("Answer received: Your questions have been answered"))

            // Several choices arrive joined; a decline reaches the model as a refused tool call.
            #expect(try await api.prompt(id, "please ask multi: which dbs?", wait: false).status == 202)
            let multi = try await api.pendingQuestion(id)
            #expect((multi["questions"] as? [[String: Any]])?.first?["multiSelect"] as? Bool == true)
            #expect(try await api.answer(id, try #require(multi["id"] as? String), ["answers": ["q1": ["Postgres", "SQLite"]]]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(try toolResults(model).last?.text.contains(#"="Postgres, SQLite""#) == true)
            #expect(try await api.prompt(id, "please ask: again", wait: false).status == 202)
            let third = try #require(try await api.pendingQuestion(id)["id"] as? String)
            #expect(try await api.answer(id, third, ["action": "decline"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            let declined = try #require(try toolResults(model).last)
            #expect(declined.isError && declined.text == "The user declined to answer", "\(declined)")
        }
    }

    @Test func cancelMidTurnEndsCancelledAndTheAgentSurvives() async throws {
        try await withClaudeServer { server, _, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            #expect(try await api.prompt(id, "please stall", wait: false).status == 202)
            _ = try await eventually {
                try await api.events(id).text(of: "agent_message_chunk").contains("Thinking")
            }
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/cancel")).status == 200)
            #expect(try await api.stopReason(id) == "cancelled")
            let next = try await api.prompt(id, "still there?")
            #expect(try next.json()["stopReason"] as? String == "end_turn", "\(next.text)")
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("still there?"))
        }
    }

    @Test func modeAndModelChangesReachTheCLI() async throws {
        try await withClaudeServer { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            let config = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/config"), ["configId": "model", "value": "haiku"])
            #expect(config.status == 200, "\(config.text)")
            let mode = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/mode"), ["modeId": "acceptEdits"])
            #expect(mode.status == 200, "\(mode.text)")
            // acceptEdits: a Write runs without asking.
            let file = work.appendingPathComponent("auto.txt")
            #expect(try await api.prompt(id, "please write \(file.path): written without asking").json()["stopReason"] as? String == "end_turn")
            #expect(try String(contentsOf: file, encoding: .utf8) == "written without asking")
            let sentModel = try #require(try model.messageRequests().last?["model"] as? String)
            #expect(sentModel.contains("haiku"), "the CLI asked for \(sentModel)")
            #expect(try await api.events(id).updates.contains { $0["sessionUpdate"] as? String == "current_mode_update" })
        }
    }

    /// "Always allow" for an edit takes Claude Code's suggestion (`acceptEdits`): the session's
    /// mode changes, a `current_mode_update` says so, and the next edit runs without asking.
    @Test func alwaysAllowingAnEditSwitchesTheModeAndSaysSo() async throws {
        try await withClaudeServer { server, _, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            let first = work.appendingPathComponent("first.txt")
            #expect(try await api.prompt(id, "please write \(first.path): one", wait: false).status == 202)
            let permission = try await api.pendingPermission(id)
            let permissionID = try #require(permission["permissionId"] as? String)
            #expect(try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(permissionID)"), ["reply": "always"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            let modes = try await api.events(id).updates.filter { $0["sessionUpdate"] as? String == "current_mode_update" }
            #expect(modes.compactMap { $0["currentModeId"] as? String } == ["acceptEdits"], "\(modes)")
            let record = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()
            #expect((record["modes"] as? [String: Any])?["currentModeId"] as? String == "acceptEdits", "\(record["modes"] ?? "")")
            let second = work.appendingPathComponent("second.txt")
            #expect(try await api.prompt(id, "please write \(second.path): two").json()["stopReason"] as? String == "end_turn")
            #expect(try String(contentsOf: second, encoding: .utf8) == "two")
            // The completed edits keep their diffs.
            let edits = try await api.events(id).updates.filter { $0["sessionUpdate"] as? String == "tool_call_update" && $0["status"] as? String == "completed" }
            #expect(edits.count == 2 && edits.allSatisfy { (($0["content"] as? [[String: Any]])?.first?["type"] as? String) == "diff" }, "\(edits)")
        }
    }

    @Test func theACPRelayRunsTheNativeDriverToo() async throws {
        try await withClaudeServer { server, _, work in
            func post(_ body: String, query: String = "") async throws -> [String: Any] {
                try await HTTP.send(
                    .POST, server.address("/v1/acp/relay-claude\(query)"), headers: [("Content-Type", "application/json")],
                    body: Data(body.utf8)
                ).json()
            }
            let initialize = try await post(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1,"clientCapabilities":{}}}"#, query: "?agent=claude")
            #expect(((initialize["result"] as? [String: Any])?["agentInfo"] as? [String: Any])?["name"] as? String == "claude-code")
            let created = try await post(#"{"jsonrpc":"2.0","id":2,"method":"session/new","params":{"cwd":"\#(work.path)","mcpServers":[]}}"#)
            let sessionId = try #require((created["result"] as? [String: Any])?["sessionId"] as? String)
            let prompt = try await post(
                #"{"jsonrpc":"2.0","id":3,"method":"session/prompt","params":{"sessionId":"\#(sessionId)","prompt":[{"type":"text","text":"via the relay"}]}}"#)
            #expect((prompt["result"] as? [String: Any])?["stopReason"] as? String == "end_turn")
            #expect(try await HTTP.send(.DELETE, server.address("/v1/acp/relay-claude")).status < 300)
        }
    }
}
