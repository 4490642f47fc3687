import Foundation
import Glibc
import NIOHTTP1
import Testing

/// The server against an ACP agent we did not write: a fake built on the official Python SDK
/// (`agent-client-protocol` 0.12.1, Tests/Fixtures/fake-acp-agent). Every assertion is on what a
/// client sees over HTTP: status codes, the stored transcript (order and content), permissions.
@Suite(
    "Interop with an ACP agent built on the official Python SDK", .serialized,
    .enabled(if: FakeAgent.sdkAvailable, Comment(rawValue: FakeAgent.skipMessage)))
struct InteropTests {
    static let fake = FakeAgent.Declaration(id: "fake")

    /// Creates a session of `agent` with `cwd`, returning its id.
    private func create(_ api: SessionAPI, agent: String = "fake", cwd: URL) async throws -> String {
        try await api.create(agent: agent, extra: ["cwd": cwd.path])
    }

    /// POST …/prompt and its JSON body; fails the test unless it is a 200.
    private func prompt(_ api: SessionAPI, _ id: String, _ text: String) async throws -> [String: Any] {
        let result = try await api.prompt(id, text)
        guard result.status == 200 else { throw TestFailure("prompt \(text.prefix(60)) failed: \(result.status) \(result.text.prefix(500))") }
        return try result.json()
    }

    /// The transcript slice of the last `session/prompt`: its request index, its response index,
    /// and the events in between.
    private func lastTurn(_ events: [[String: Any]]) throws -> (request: Int, response: Int) {
        let request = try #require(events.requests("session/prompt", from: "client").last, "no session/prompt in the transcript")
        let response = try #require(events.response(to: request), "the session/prompt has no response in the transcript")
        return (request, response)
    }

    // MARK: Handshake and streaming

    @Test func handshakeIsRecordedInOrder() async throws {
        try await withFakeAgentServer([Self.fake]) { server, api, work in
            let id = try await create(api, cwd: work)
            let record = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()
            #expect(record["status"] as? String == "active")
            #expect(record["agent"] as? String == "fake")
            #expect(record["agentSessionId"] as? String == "fake-sess-1", "the agentSessionId is the fake's, from its session/new result")

            let events = try await api.events(id)
            try #require(events.count >= 4)
            #expect(events.map { $0["eventIndex"] as? Int } == Array(0..<events.count).map { $0 })
            #expect((0..<4).map { events.sender(at: $0) } == ["client", "agent", "client", "agent"])
            #expect(events.method(at: 0) == "initialize")
            #expect(events.response(to: 0) == 1)
            let initialize = try #require(events.result(at: 1))
            #expect(initialize["protocolVersion"] as? Int == 1)
            #expect((initialize["agentInfo"] as? [String: Any])?["name"] as? String == "fake-acp-agent")
            let sent = try #require(events.payload(at: 0)["params"] as? [String: Any])
            #expect(sent["protocolVersion"] as? Int == 1)
            let capabilities = try #require(sent["clientCapabilities"] as? [String: Any])
            #expect(capabilities["terminal"] as? Bool == true)
            #expect((capabilities["fs"] as? [String: Any])?["readTextFile"] as? Bool == true)

            #expect(events.method(at: 2) == "session/new")
            #expect((events.payload(at: 2)["params"] as? [String: Any])?["cwd"] as? String == work.path)
            #expect(events.response(to: 2) == 3)
            #expect(events.result(at: 3)?["sessionId"] as? String == "fake-sess-1")

            let started = events.serverNotifications("_sandboxagent/session/started")
            #expect(started.count == 1)
            #expect(started.first.map { $0 > 3 } == true, "session/started follows the handshake")
            #expect((events.payload(at: started.first ?? 0)["params"] as? [String: Any])?["agentSessionId"] as? String == "fake-sess-1")

            // The SDK agent advertises its commands just after the session/new response (outside any turn).
            #expect(
                try await eventually { try await api.events(id).updateIndexes("available_commands_update").count == 1 },
                "an update outside any turn is kept in the transcript")
            let later = try await api.events(id)
            #expect(later.updateIndexes("available_commands_update").allSatisfy { $0 > 3 })
        }
    }

    @Test func streamedChunksArriveInOrderBeforeTheResponse() async throws {
        try await withFakeAgentServer([Self.fake]) { _, api, work in
            let id = try await create(api, cwd: work)
            #expect(try await prompt(api, id, "hello big wide world")["stopReason"] as? String == "end_turn")
            let events = try await api.events(id)
            let turn = try lastTurn(events)
            let chunks = events.updateIndexes("agent_message_chunk").filter { $0 > turn.request }
            #expect(chunks.compactMap { events.chunkText(at: $0) } == ["hello ", "big ", "wide ", "world"])
            #expect(chunks.allSatisfy { $0 < turn.response }, "the chunks precede the prompt response")
            #expect(Set(chunks.compactMap { events.update(at: $0)?["messageId"] as? String }).count == 1, "messageId kept verbatim")
            let sentPrompt = (events.payload(at: turn.request)["params"] as? [String: Any])?["prompt"] as? [[String: Any]]
            #expect(sentPrompt?.first?["type"] as? String == "text")
            #expect(sentPrompt?.first?["text"] as? String == "hello big wide world")
            #expect((events.payload(at: turn.request)["params"] as? [String: Any])?["sessionId"] as? String == "fake-sess-1")
            #expect(events.result(at: turn.response)?["stopReason"] as? String == "end_turn")

            // A second turn on the same session works and stays separate.
            #expect(try await prompt(api, id, "again")["stopReason"] as? String == "end_turn")
            let second = try await api.events(id)
            let secondTurn = try lastTurn(second)
            #expect(secondTurn.request > turn.response)
            #expect(second.updateIndexes("agent_message_chunk").filter { $0 > secondTurn.request }.compactMap { second.chunkText(at: $0) } == ["again"])
        }
    }

    @Test func toolCallLifecycle() async throws {
        try await withFakeAgentServer([Self.fake]) { _, api, work in
            let id = try await create(api, cwd: work)
            #expect(try await prompt(api, id, "/tool")["stopReason"] as? String == "end_turn")
            let events = try await api.events(id)
            let turn = try lastTurn(events)
            // available_commands_update is sent after session/new without a turn (as claude-code-acp
            // does); under load it may land inside the first turn: it is not part of the tool's story.
            let updates = events.updateIndexes().filter {
                $0 > turn.request && $0 < turn.response
                    && events.update(at: $0)?["sessionUpdate"] as? String != "available_commands_update"
            }
            let kinds = updates.compactMap { events.update(at: $0)?["sessionUpdate"] as? String }
            #expect(kinds == ["tool_call", "tool_call_update", "tool_call_update", "agent_message_chunk"])
            let call = try #require(updates.first.flatMap { events.update(at: $0) })
            #expect(call["toolCallId"] as? String == "fake-call-1")
            #expect(call["kind"] as? String == "read")
            #expect(call["status"] as? String == "pending")
            #expect((call["locations"] as? [[String: Any]])?.first?["path"] as? String == work.appendingPathComponent("README.md").path)
            let statuses = updates.dropFirst().compactMap { events.update(at: $0)?["status"] as? String }
            #expect(statuses == ["in_progress", "completed"])
            let completed = try #require(events.update(at: updates[2]))
            let content = (completed["content"] as? [[String: Any]])?.first
            #expect(content?["type"] as? String == "content")
            #expect((content?["content"] as? [String: Any])?["text"] as? String == "# Fake README\n")
            #expect((completed["rawOutput"] as? [String: Any])?["bytes"] as? Int == 14)
            #expect(events.chunkText(at: updates[3]) == "Done.")
        }
    }

    // MARK: Permissions

    @Test func permissionAllowOnceAndAlways() async throws {
        try await withFakeAgentServer([Self.fake]) { server, api, work in
            let id = try await create(api, cwd: work)
            for (reply, optionId) in [("once", "allow-once"), ("always", "allow-always")] {
                #expect(try await api.prompt(id, "/permission touch x", wait: false).status == 202)
                let pending = try await api.pendingPermission(id)
                let permissionId = try #require(pending["permissionId"] as? String)
                let options = try #require(pending["options"] as? [[String: Any]])
                #expect(options.map { $0["optionId"] as? String } == ["allow-once", "allow-always", "reject-once", "reject-always"])
                #expect(options.map { $0["kind"] as? String } == ["allow_once", "allow_always", "reject_once", "reject_always"])
                #expect(options.map { $0["name"] as? String } == ["Allow once", "Always allow", "Reject", "Always reject"])
                #expect(pending["availableReplies"] as? [String] == ["once", "always", "reject"])

                let answer = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(permissionId)"), ["reply": reply])
                #expect(answer.status == 200, "\(answer.text)")
                #expect(try answer.json()["optionId"] as? String == optionId, "reply \(reply) picks the option by kind")
                #expect(try await api.stopReason(id) == "end_turn")

                let events = try await api.events(id)
                let turn = try lastTurn(events)
                let request = try #require(events.requests("session/request_permission", from: "agent").last)
                #expect(request > turn.request && request < turn.response)
                let toolCall = (events.payload(at: request)["params"] as? [String: Any])?["toolCall"] as? [String: Any]
                #expect(toolCall?["title"] as? String == "`touch x`")
                let response = try #require(events.response(to: request), "the permission request was answered")
                let outcome = events.result(at: response)?["outcome"] as? [String: Any]
                #expect(outcome?["outcome"] as? String == "selected")
                #expect(outcome?["optionId"] as? String == optionId)
                let after = events.updateIndexes().filter { $0 > response && $0 < turn.response }
                #expect(after.compactMap { events.update(at: $0)?["status"] as? String } == ["in_progress", "completed"])
                #expect(after.last.flatMap { events.chunkText(at: $0) } == "Approved.")
                let resolved = events.serverNotifications("_sandboxagent/permission/resolved").last
                #expect(resolved.map { $0 > request } == true)
                #expect((resolved.map { events.payload(at: $0)["params"] as? [String: Any] } ?? nil)?["by"] as? String == "client")
            }
        }
    }

    @Test func permissionRejectWithOptionId() async throws {
        try await withFakeAgentServer([Self.fake]) { server, api, work in
            let id = try await create(api, cwd: work)
            #expect(try await api.prompt(id, "/permission rm -rf build", wait: false).status == 202)
            let pending = try await api.pendingPermission(id)
            let permissionId = try #require(pending["permissionId"] as? String)
            let answer = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(permissionId)"), ["optionId": "reject-always"])
            #expect(answer.status == 200, "\(answer.text)")
            #expect(try await api.stopReason(id) == "end_turn")
            let events = try await api.events(id)
            let turn = try lastTurn(events)
            let request = try #require(events.requests("session/request_permission", from: "agent").last)
            let response = try #require(events.response(to: request))
            #expect((events.result(at: response)?["outcome"] as? [String: Any])?["optionId"] as? String == "reject-always")
            let after = events.updateIndexes().filter { $0 > response && $0 < turn.response }
            #expect(after.compactMap { events.update(at: $0)?["status"] as? String } == ["failed"])
            #expect(after.last.flatMap { events.chunkText(at: $0) } == "Rejected.")
        }
    }

    @Test func cancelWhilePermissionIsPending() async throws {
        try await withFakeAgentServer([Self.fake]) { server, api, work in
            let id = try await create(api, cwd: work)
            let promptURL = server.address("/v1/sessions/\(id)/prompt")
            let turnResult = Task { try await HTTP.json(.POST, promptURL, ["prompt": "/permission sleep 100"]) }
            _ = try await api.pendingPermission(id)
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/cancel")).status == 200)
            let result = try await turnResult.value
            #expect(result.status == 200, "\(result.text)")
            #expect(try result.json()["stopReason"] as? String == "cancelled")

            let events = try await api.events(id)
            let turn = try lastTurn(events)
            let request = try #require(events.requests("session/request_permission", from: "agent").last)
            let cancel = try #require(events.notifications("session/cancel", from: "client").last, "session/cancel was sent to the agent")
            let response = try #require(events.response(to: request), "the pending permission request was answered")
            #expect(request < cancel && cancel < turn.response)
            #expect(response < turn.response, "the permission answer precedes the prompt response")
            #expect((events.result(at: response)?["outcome"] as? [String: Any])?["outcome"] as? String == "cancelled")
            #expect(events.result(at: turn.response)?["stopReason"] as? String == "cancelled")
            let failed = events.updateIndexes("tool_call_update").filter { $0 > response && $0 < turn.response }
            #expect(failed.compactMap { events.update(at: $0)?["status"] as? String } == ["failed"])

            let resolved = try #require(events.serverNotifications("_sandboxagent/permission/resolved").last)
            let params = events.payload(at: resolved)["params"] as? [String: Any]
            #expect(params?["by"] as? String == "cancel")
            #expect((params?["outcome"] as? [String: Any])?["outcome"] as? String == "cancelled")
            let list = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/permissions")).json()
            #expect((list["permissions"] as? [Any])?.isEmpty == true)
        }
    }

    // MARK: Client methods: fs and terminal

    @Test func fileReadAndWriteRoundTrips() async throws {
        try await withFakeAgentServer([Self.fake]) { _, api, work in
            let id = try await create(api, cwd: work)
            let target = work.appendingPathComponent("notes/hello.txt").path
            #expect(try await prompt(api, id, "/write \(target) written by the agent")["stopReason"] as? String == "end_turn")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "written by the agent")
            var events = try await api.events(id)
            var turn = try lastTurn(events)
            let write = try #require(events.requests("fs/write_text_file", from: "agent").last)
            let writeParams = events.payload(at: write)["params"] as? [String: Any]
            #expect(writeParams?["path"] as? String == target)
            #expect(writeParams?["content"] as? String == "written by the agent")
            let written = try #require(events.response(to: write))
            #expect(events.payload(at: written)["error"] == nil, "\(events.payload(at: written))")
            #expect(written < turn.response)
            #expect(events.chunkText(at: events.updateIndexes("agent_message_chunk").last ?? 0) == "Wrote 20 bytes.")

            let text = "line one\nline two ünïcødé\n"
            try text.write(toFile: target, atomically: true, encoding: .utf8)
            #expect(try await prompt(api, id, "/read \(target)")["stopReason"] as? String == "end_turn")
            events = try await api.events(id)
            turn = try lastTurn(events)
            let read = try #require(events.requests("fs/read_text_file", from: "agent").last)
            #expect(read > turn.request)
            let answered = try #require(events.response(to: read))
            #expect(events.result(at: answered)?["content"] as? String == text)
            let chunk = events.updateIndexes("agent_message_chunk").filter { $0 > answered && $0 < turn.response }
            #expect(chunk.compactMap { events.chunkText(at: $0) } == [text])

            // A missing file is an error answer to the agent, not a dead session.
            let missing = work.appendingPathComponent("missing.txt").path
            #expect(try await prompt(api, id, "/read \(missing)")["stopReason"] as? String == "end_turn")
            events = try await api.events(id)
            let failedRead = try #require(events.requests("fs/read_text_file", from: "agent").last)
            let failure = try #require(events.response(to: failedRead))
            #expect(events.payload(at: failure)["error"] is [String: Any], "reading a missing file answers a JSON-RPC error")
        }
    }

    @Test func terminalRoundTripWithAShellLine() async throws {
        try await withFakeAgentServer([Self.fake]) { _, api, work in
            let id = try await create(api, cwd: work)
            let line = #"echo from-the-terminal | tr a-z A-Z; echo "fake=$FAKE_ACP"; pwd"#
            #expect(try await prompt(api, id, "/terminal \(line)")["stopReason"] as? String == "end_turn")
            let events = try await api.events(id)
            let turn = try lastTurn(events)
            let methods = ["terminal/create", "terminal/wait_for_exit", "terminal/output", "terminal/release"]
            let requests = try methods.map { method in
                try #require(events.requests(method, from: "agent").last, "\(method) was not sent")
            }
            #expect(requests == requests.sorted() && requests.first! > turn.request && requests.last! < turn.response)
            let responses = try requests.map { try #require(events.response(to: $0), "no answer to \(events.method(at: $0) ?? "")") }
            for (method, response) in zip(methods, responses) {
                #expect(events.payload(at: response)["error"] == nil, "\(method) failed: \(events.payload(at: response))")
            }
            let createParams = events.payload(at: requests[0])["params"] as? [String: Any]
            #expect(createParams?["command"] as? String == line)
            #expect(createParams?["args"] == nil)
            let terminalId = try #require(events.result(at: responses[0])?["terminalId"] as? String)
            for request in requests.dropFirst() {
                #expect((events.payload(at: request)["params"] as? [String: Any])?["terminalId"] as? String == terminalId)
            }
            #expect(events.result(at: responses[1])?["exitCode"] as? Int == 0)
            let expected = "FROM-THE-TERMINAL\nfake=1\n\(work.path)\n"
            let output = events.result(at: responses[2])
            #expect(output?["output"] as? String == expected, "shell line run by a shell, env passed, cwd = session cwd")
            #expect(output?["truncated"] as? Bool == false)
            let echoed = events.updateIndexes("agent_message_chunk").filter { $0 > responses[3] && $0 < turn.response }
            #expect(echoed.compactMap { events.chunkText(at: $0) } == [expected])
        }
    }

    // MARK: Stop reasons

    @Test func everyStopReasonReachesTheClient() async throws {
        try await withFakeAgentServer([Self.fake]) { server, api, work in
            let id = try await create(api, cwd: work)
            for reason in ["end_turn", "max_tokens", "max_turn_requests", "refusal"] {
                #expect(try await prompt(api, id, "/stop \(reason)")["stopReason"] as? String == reason)
                let events = try await api.events(id)
                let turn = try lastTurn(events)
                #expect(events.result(at: turn.response)?["stopReason"] as? String == reason)
                let chunks = events.updateIndexes("agent_message_chunk").filter { $0 > turn.request && $0 < turn.response }
                #expect(chunks.compactMap { events.chunkText(at: $0) } == ["partial"])
            }

            let promptURL = server.address("/v1/sessions/\(id)/prompt")
            let slow = Task { try await HTTP.json(.POST, promptURL, ["prompt": "/slow 400"]) }
            #expect(try await eventually { try await api.events(id).text(of: "agent_message_chunk").contains("tick 3 ") })
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/cancel")).status == 200)
            let result = try await slow.value
            #expect(result.status == 200, "\(result.text)")
            #expect(try result.json()["stopReason"] as? String == "cancelled")
            let events = try await api.events(id)
            let turn = try lastTurn(events)
            #expect(events.result(at: turn.response)?["stopReason"] as? String == "cancelled")
            let ticks = events.updateIndexes("agent_message_chunk").filter { $0 > turn.request }.count
            #expect(ticks < 400, "the agent stopped streaming")
            #expect(events.updateIndexes().filter { $0 > turn.response }.isEmpty, "no chunk follows the cancelled response")

            // The session still works after a cancel.
            #expect(try await prompt(api, id, "still here")["stopReason"] as? String == "end_turn")
        }
    }

    // MARK: Crash

    @Test func crashMidTurnRestartsTheAgent() async throws {
        try await withFakeAgentServer([Self.fake]) { server, api, work in
            let id = try await create(api, cwd: work)
            let crashed = try await api.prompt(id, "/crash")
            #expect(crashed.status == 502, "\(crashed.text)")
            #expect(crashed.problemCode == "agent_process_exited")
            // The agent died mid-turn: it is started again by itself, and the transcript says so.
            _ = try await eventually { try await api.events(id).server("_sandboxagent/session/resumed").count == 1 }
            #expect(try await api.events(id).server("_sandboxagent/session/resumed").first?["trigger"] as? String == "agent_crash")
            let events = try await api.events(id)
            let request = try #require(events.requests("session/prompt", from: "client").last)
            #expect(events.response(to: request) == nil, "the agent never answered")
            let endedIndex = try #require(events.serverNotifications("_sandboxagent/session/ended").first)
            let chunk = try #require(events.updateIndexes("agent_message_chunk").last { $0 < endedIndex })
            #expect(events.chunkText(at: chunk) == "about to crash")
            let ended = events.payload(at: endedIndex)["params"] as? [String: Any]
            #expect(ended?["reason"] as? String == "agent_exited")
            #expect(ended?["exitCode"] as? Int == 1)
            #expect((ended?["stderrTail"] as? String)?.contains("simulated crash (exit 1)") == true, "\(ended ?? [:])")
            // The new agent process answers the next prompt.
            let again = try await api.prompt(id, "hello?")
            #expect(again.status == 200, "\(again.text)")
            #expect(try await api.events(id).server("_sandboxagent/session/resumed").count == 1)
        }
    }

    // MARK: Quirks of real agents

    @Test func nonJSONStdoutIsADiagnosticNotAFailure() async throws {
        let noisy = FakeAgent.Declaration(id: "noisy", flags: ["--stdout-noise"])
        try await withFakeAgentServer([noisy]) { _, api, work in
            let id = try await create(api, agent: "noisy", cwd: work)
            let events = try await api.events(id)
            let diagnostics = events.serverNotifications("_sandboxagent/agent/diagnostic")
            try #require(diagnostics.count == 1)
            let params = events.payload(at: diagnostics[0])["params"] as? [String: Any]
            #expect(params?["kind"] as? String == "invalid_stdout")
            #expect((params?["raw"] as? String)?.contains("[fake] starting: this banner is not JSON-RPC") == true, "\(params ?? [:])")
            let initialize = try #require(events.requests("initialize", from: "client").first)
            let answered = try #require(events.response(to: initialize))
            #expect(diagnostics[0] > initialize && diagnostics[0] < answered, "the noise came before the initialize answer")
            #expect(try await prompt(api, id, "still works")["stopReason"] as? String == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk") == "still works")
        }
    }

    @Test func tenMegabyteLineArrivesIntact() async throws {
        let size = 10 * 1024 * 1024
        let big = FakeAgent.Declaration(id: "big", flags: ["--big-line", "\(size)"])
        try await withFakeAgentServer([big]) { _, api, work in
            let id = try await create(api, agent: "big", cwd: work)
            #expect(try await prompt(api, id, "/big")["stopReason"] as? String == "end_turn")
            let events = try await api.events(id)
            let turn = try lastTurn(events)
            let chunks = events.updateIndexes("agent_message_chunk").filter { $0 > turn.request && $0 < turn.response }
            try #require(chunks.count == 1)
            let text = try #require(events.chunkText(at: chunks[0]))
            #expect(text.utf8.count == size)
            #expect(text.utf8.allSatisfy { $0 == UInt8(ascii: "x") })
            #expect(events.serverNotifications("_sandboxagent/agent/diagnostic").isEmpty)
        }
    }

    @Test func lateUpdatesStayInTheTranscriptAfterTheResponse() async throws {
        let late = FakeAgent.Declaration(id: "late", flags: ["--late-updates"])
        try await withFakeAgentServer([late]) { _, api, work in
            let id = try await create(api, agent: "late", cwd: work)
            #expect(try await prompt(api, id, "first turn")["stopReason"] as? String == "end_turn")
            #expect(try await eventually { try await api.events(id).text(of: "agent_message_chunk").contains("late update") })
            var events = try await api.events(id)
            var turn = try lastTurn(events)
            let lateChunk = try #require(events.updateIndexes("agent_message_chunk").first { events.chunkText(at: $0) == "late update" })
            #expect(lateChunk > turn.response, "the late update is recorded after the response, not dropped or reordered")
            #expect(events.sender(at: lateChunk) == "agent")

            #expect(try await prompt(api, id, "second turn")["stopReason"] as? String == "end_turn")
            #expect(try await eventually { try await api.events(id).text(of: "agent_message_chunk").components(separatedBy: "late update").count == 3 })
            events = try await api.events(id)
            turn = try lastTurn(events)
            #expect(turn.request > lateChunk)
            let secondTurnChunks = events.updateIndexes("agent_message_chunk").filter { $0 > turn.request && $0 < turn.response }
            #expect(secondTurnChunks.compactMap { events.chunkText(at: $0) } == ["second ", "turn"])
            let lates = events.updateIndexes("agent_message_chunk").filter { events.chunkText(at: $0) == "late update" }
            #expect(lates.count == 2 && lates[1] > turn.response)
        }
    }

    @Test func endTurnAfterCancelIsReportedAsCancelled() async throws {
        let stubborn = FakeAgent.Declaration(id: "stubborn", flags: ["--end-turn-on-cancel"])
        try await withFakeAgentServer([stubborn]) { server, api, work in
            let id = try await create(api, agent: "stubborn", cwd: work)
            let promptURL = server.address("/v1/sessions/\(id)/prompt")
            let slow = Task { try await HTTP.json(.POST, promptURL, ["prompt": "/slow 400"]) }
            #expect(try await eventually { try await api.events(id).text(of: "agent_message_chunk").contains("tick 2 ") })
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/cancel")).status == 200)
            let result = try await slow.value
            #expect(result.status == 200, "\(result.text)")
            #expect(try result.json()["stopReason"] as? String == "cancelled", "the agent said end_turn, but the turn was cancelled")
            let events = try await api.events(id)
            let turn = try lastTurn(events)
            #expect(events.notifications("session/cancel", from: "client").last.map { $0 > turn.request && $0 < turn.response } == true)
            #expect(try await prompt(api, id, "next")["stopReason"] as? String == "end_turn")
        }
    }

    @Test func agentThatIgnoresCancelIsNotWaitedFor() async throws {
        let deaf = FakeAgent.Declaration(id: "deaf", flags: ["--ignore-cancel"])
        try await withFakeAgentServer([deaf], extraArguments: ["--agent-cancel-timeout-ms", "500"]) { server, api, work in
            let id = try await create(api, agent: "deaf", cwd: work)
            let promptURL = server.address("/v1/sessions/\(id)/prompt")
            // 400 ticks of 50 ms: the turn would run 20 s if the server waited for the agent.
            let slow = Task { try await HTTP.json(.POST, promptURL, ["prompt": "/slow 400"]) }
            #expect(try await eventually { try await api.events(id).text(of: "agent_message_chunk").contains("tick 2 ") })
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/cancel")).status == 200)
            let result = try await slow.value
            #expect(try result.json()["stopReason"] as? String == "cancelled")
            // Counted in the agent's own ticks: the answer came while the deaf agent was still streaming.
            let ticks = try await api.events(id).text(of: "agent_message_chunk").components(separatedBy: "tick ").count - 1
            #expect(ticks < 400, "reported after the cancel deadline, not after the turn (\(ticks) of 400 ticks)")
            let diagnostics = try await api.events(id).server("_sandboxagent/agent/diagnostic")
            #expect(diagnostics.contains { $0["kind"] as? String == "cancel_ignored" })
        }
    }

    @Test func agentThatNeverInitializesTimesOut() async throws {
        try await withTemporaryDirectory { scratch in
            let pidFile = scratch.appendingPathComponent("mute.pid")
            let mute = FakeAgent.Declaration(id: "mute", flags: ["--never-initialize", "--pid-file", pidFile.path])
            try await withFakeAgentServer([mute], extraArguments: ["--agent-handshake-timeout-ms", "1500"]) { server, _, work in
                let started = ContinuousClock.now
                let result = try await HTTP.json(.POST, server.address("/v1/sessions"), ["agent": "mute", "cwd": work.path])
                let elapsed = ContinuousClock.now - started
                #expect(result.status == 504, "\(result.text)")
                #expect(result.problemCode == "timeout")
                // The configured 1.5 s deadline, not the 30 s default: named by the answer, and never undercut.
                #expect(result.text.contains("within 1.5 seconds"), "\(result.text)")
                #expect(elapsed >= .milliseconds(1400), "took \(elapsed); the deadline is 1.5 s")

                // Found by its pid-file argument: on a loaded machine the deadline may pass before
                // the agent wrote the file.
                #expect(await eventually { pids(withArgument: pidFile.path).allSatisfy(processIsGone) }, "the agent process is still running")

                let list = try await HTTP.send(.GET, server.address("/v1/sessions")).json()
                let sessions = list["sessions"] as? [[String: Any]] ?? list["items"] as? [[String: Any]] ?? []
                #expect(!sessions.contains { $0["agent"] as? String == "mute" && $0["status"] as? String == "active" })
            }
        }
    }
}
