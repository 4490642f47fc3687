import Foundation
import NIOHTTP1
import Testing

/// The native Codex driver against the real CLI (`codex app-server` from the openai-codex-cli-bin
/// wheel) and a fake OpenAI Responses API, through the HTTP API like any client.
@Suite(
    "Codex, real CLI", .serialized,
    .enabled(if: RealAgents.codex != nil, Comment(rawValue: RealAgents.codexSkipMessage)))
struct CodexTests {
    private func create(_ api: SessionAPI, cwd: URL) async throws -> String {
        try await api.create(agent: "codex", extra: ["cwd": cwd.path])
    }

    /// The texts of the user and assistant messages of a Responses API request's `input`.
    private func messageTexts(_ request: [String: Any]) -> [String] {
        ((request["input"] as? [[String: Any]]) ?? []).flatMap { item -> [String] in
            guard item["type"] as? String == "message" else { return [] }
            return ((item["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }
        }
    }

    @Test func aTextTurnStreamsChunksAndEndsEndTurn() async throws {
        try await withCodexServer { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            let record = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()
            #expect(record["agent"] as? String == "codex")
            #expect((record["modes"] as? [String: Any])?["currentModeId"] as? String == "auto")
            let result = try await api.prompt(id, "hello there")
            #expect(result.status == 200, "\(result.text)")
            #expect(try result.json()["stopReason"] as? String == "end_turn")
            let events = try await api.events(id)
            let chunks = events.updates.filter { $0["sessionUpdate"] as? String == "agent_message_chunk" }
            #expect(chunks.count >= 2, "the reply streams in chunks")
            #expect(Set(chunks.compactMap { $0["messageId"] as? String }).count == 1, "one message id on every chunk: \(chunks)")
            #expect(events.text(of: "agent_message_chunk") == "Echo #1: hello there")
            let requests = try model.responsesRequests()
            #expect(requests.count == 1)
            #expect(requests.first?["stream"] as? Bool == true)
        }
    }

    @Test func aSecondPromptContinuesTheConversation() async throws {
        try await withCodexServer { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            #expect(try await api.prompt(id, "first message").json()["stopReason"] as? String == "end_turn")
            #expect(try await api.prompt(id, "second message").json()["stopReason"] as? String == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Echo #2: second message"))
            let texts = messageTexts(try #require(try model.responsesRequests().last))
            #expect(texts.contains("first message") && texts.contains("Echo #1: first message") && texts.contains("second message"))
        }
    }

    @Test func allowingACommandRunsItAndRejectingDoesNot() async throws {
        try await withCodexServer { server, _, work in
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
            #expect(try await api.prompt(id, "please run: echo rejected > \(rejected.path)", wait: false).status == 202)
            let second = try await api.pendingPermission(id)
            let secondID = try #require(second["permissionId"] as? String)
            #expect(try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(secondID)"), ["reply": "reject"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(!FileManager.default.fileExists(atPath: rejected.path))

            let events = try await api.events(id)
            let statuses = events.updates.filter { $0["sessionUpdate"] as? String == "tool_call_update" }.compactMap { $0["status"] as? String }
            #expect(statuses == ["in_progress", "completed", "failed"])
            #expect(events.updates.filter { $0["sessionUpdate"] as? String == "tool_call" }.count == 2)
            let text = events.text(of: "agent_message_chunk")
            #expect(text.contains("Tool said: Process exited with code 0"), "\(text)")
            #expect(text.contains("rejected by user"), "the model was told: \(text)")
        }
    }

    @Test func aFileChangeAsksInReadOnlyModeAndIsWrittenWhenAllowed() async throws {
        try await withCodexServer { server, _, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            let mode = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/mode"), ["modeId": "read-only"])
            #expect(mode.status == 200, "\(mode.text)")
            let file = work.appendingPathComponent("patched.txt")
            #expect(try await api.prompt(id, "please patch \(file.path): patched by codex", wait: false).status == 202)
            let permission = try await api.pendingPermission(id)
            let toolCall = try #require(permission["toolCall"] as? [String: Any])
            #expect(toolCall["kind"] as? String == "edit")
            #expect(toolCall["title"] as? String == "Add \(file.path)")
            let diff = (toolCall["content"] as? [[String: Any]])?.first { $0["type"] as? String == "diff" }
            #expect(diff?["path"] as? String == file.path)
            #expect(diff?["newText"] as? String == "patched by codex\n")
            #expect(!FileManager.default.fileExists(atPath: file.path), "nothing is written before the answer")
            let permissionID = try #require(permission["permissionId"] as? String)
            #expect(try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(permissionID)"), ["reply": "once"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(try String(contentsOf: file, encoding: .utf8) == "patched by codex\n")
            let updates = try await api.events(id).updates
            #expect(updates.contains { $0["sessionUpdate"] as? String == "tool_call" && $0["kind"] as? String == "edit" })
            #expect(updates.contains { $0["sessionUpdate"] as? String == "tool_call_update" && $0["status"] as? String == "completed" })
        }
    }

    @Test func cancelMidTurnEndsCancelledAndTheAgentSurvives() async throws {
        try await withCodexServer { server, model, work in
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
            #expect(messageTexts(try #require(try model.responsesRequests().last)).contains("please stall"))
        }
    }

    @Test func aModelErrorFailsThePromptAndTheNextOneWorks() async throws {
        try await withCodexServer { server, _, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            let failed = try await api.prompt(id, "please fail")
            #expect(failed.status != 200)
            #expect(failed.text.contains("the fake model refuses this request"), "\(failed.text)")
            let next = try await api.prompt(id, "and now?")
            #expect(try next.json()["stopReason"] as? String == "end_turn", "\(next.text)")
        }
    }

    @Test func modeAndModelChangesReachTheCLI() async throws {
        try await withCodexServer { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            let record = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()
            let option = try #require((record["configOptions"] as? [[String: Any]])?.first { $0["id"] as? String == "model" })
            let current = try #require(option["currentValue"] as? String)
            #expect(current == "fake-model")
            let values = ((option["options"] as? [[String: Any]]) ?? []).compactMap { $0["value"] as? String }
            let other = try #require(values.first { $0 != current }, "the CLI lists more models than \(values)")
            let config = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/config"), ["configId": "model", "value": other])
            #expect(config.status == 200, "\(config.text)")
            let mode = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/mode"), ["modeId": "full-access"])
            #expect(mode.status == 200, "\(mode.text)")
            // full-access: the command runs without asking.
            let file = work.appendingPathComponent("auto.txt")
            let result = try await api.prompt(id, "please run: echo without asking > \(file.path)")
            #expect(try result.json()["stopReason"] as? String == "end_turn", "\(result.text)")
            let events = try await api.events(id)
            #expect((try? String(contentsOf: file, encoding: .utf8)) == "without asking\n", "\(events.text(of: "agent_message_chunk"))")
            #expect(try model.responsesRequests().last?["model"] as? String == other)
            #expect(events.updates.contains { $0["sessionUpdate"] as? String == "current_mode_update" })
            #expect(!events.contains { ($0["payload"] as? [String: Any])?["method"] as? String == "session/request_permission" })
        }
    }

    @Test func aResumedSessionContinuesTheThreadAfterAServerRestart() async throws {
        let fixture = try await CodexFixture.make()
        defer { fixture.remove() }
        let data = fixture.directory.appendingPathComponent("data")
        let first = try await TestServer(["--no-token"], environment: fixture.environment, dataDirectory: data)
        let id: String
        do {
            let api = SessionAPI(server: first)
            id = try await api.create(agent: "codex", extra: ["cwd": fixture.work.path])
            #expect(try await api.prompt(id, "remember the word pelican").json()["stopReason"] as? String == "end_turn")
            #expect(await first.stop(keepingData: true) == 0)
        } catch {
            await first.stop()
            throw error
        }
        try await withServer(["--no-token"], environment: fixture.environment, dataDirectory: data) { server in
            let api = SessionAPI(server: server)
            let resumed = try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/resume"))
            #expect(resumed.status == 200, "\(resumed.text)")
            #expect(try await api.prompt(id, "what was the word?").json()["stopReason"] as? String == "end_turn")
            // Codex itself resumed its thread: the model sees the first turn in the history.
            let texts = messageTexts(try #require(try fixture.model.responsesRequests().last))
            #expect(texts.contains("remember the word pelican") && texts.contains("Echo #1: remember the word pelican"))
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Echo #2: what was the word?"))
        }
        let left = fixture.processesLeft()
        #expect(left.isEmpty, "processes left behind: \(left)")
    }

    @Test func requestUserInputIsAQuestionWhoseAnswerTheModelReceives() async throws {
        try await withCodexServer(appServerArguments: ["--enable", "default_mode_request_user_input"]) { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await create(api, cwd: work)
            #expect(try await api.prompt(id, "please ask: which db?", wait: false).status == 202)
            let question = try await api.pendingQuestion(id)
            #expect(question["message"] as? String == "Which database should I use?")
            let item = try #require((question["questions"] as? [[String: Any]])?.first)
            #expect(item["id"] as? String == "database" && item["header"] as? String == "Database")
            #expect((item["options"] as? [[String: Any]])?.map { $0["label"] as? String } == ["Postgres", "SQLite"])
            let questionId = try #require(question["id"] as? String)
            #expect(try await api.answer(id, questionId, ["answers": ["database": "Oracle"]]).status == 400)
            #expect(try await api.answer(id, questionId, ["answers": ["database": "SQLite"]]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            let output = try #require(try model.responsesRequests().last.flatMap { request in
                ((request["input"] as? [[String: Any]]) ?? []).last { $0["type"] as? String == "function_call_output" }?["output"] as? String
            })
            #expect(output == #"{"answers":{"database":{"answers":["SQLite"]}}}"#)
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Answer received: \(output)"))
        }
    }
}
