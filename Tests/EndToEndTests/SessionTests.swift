import Foundation
import NIOCore
import Glibc
import NIOHTTP1
import SandboxAgentClient
import Testing

@Suite("Sessions with the mock agent, over HTTP", .serialized)
struct SessionTests {
    @Test func echoTurnAndTheEventSchema() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            let record = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()
            #expect(record["status"] as? String == "active")
            #expect(record["agent"] as? String == "mock")
            #expect((record["agentSessionId"] as? String)?.isEmpty == false)
            #expect(record["env"] == nil)

            let result = try await api.prompt(id, "hello big world")
            #expect(result.status == 200)
            #expect(try result.json()["stopReason"] as? String == "end_turn")

            let events = try await api.events(id)
            #expect(events.map { $0["eventIndex"] as? Int } == Array(0..<events.count).map { $0 })
            #expect(events.allSatisfy { $0["sessionId"] as? String == id && ($0["id"] as? String)?.count == 36 })
            let first = try #require(events.first?["payload"] as? [String: Any])
            #expect(first["method"] as? String == "initialize")
            #expect(events.first?["sender"] as? String == "client")
            #expect(events.text(of: "agent_message_chunk") == "hello big world")
            #expect(events.server("_sandboxagent/session/started").count == 1)
            #expect(Set(events.compactMap { $0["sender"] as? String }) == ["client", "agent", "server"])
        }
    }

    @Test func thinkToolAndPlanScenarios() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            #expect(try await api.prompt(id, "/think deep thoughts").json()["stopReason"] as? String == "end_turn")
            #expect(try await api.prompt(id, "/tool").json()["stopReason"] as? String == "end_turn")
            #expect(try await api.prompt(id, "/plan").json()["stopReason"] as? String == "end_turn")
            let updates = try await api.events(id).updates
            #expect(updates.contains { $0["sessionUpdate"] as? String == "agent_thought_chunk" })
            let toolCall = try #require(updates.first { $0["sessionUpdate"] as? String == "tool_call" })
            let toolID = try #require(toolCall["toolCallId"] as? String)
            let toolUpdates = updates.filter { $0["sessionUpdate"] as? String == "tool_call_update" && $0["toolCallId"] as? String == toolID }
            #expect(toolUpdates.last?["status"] as? String == "completed")
            #expect(updates.filter { $0["sessionUpdate"] as? String == "plan" }.count == 3)
        }
    }

    @Test func permissionAllowRejectAndCancel() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()

            // Allow once.
            #expect(try await api.prompt(id, "/permission touch x", wait: false).status == 202)
            let first = try await api.pendingPermission(id)
            let firstID = try #require(first["permissionId"] as? String)
            #expect((first["options"] as? [[String: Any]])?.count == 4)
            #expect(first["availableReplies"] as? [String] == ["once", "always", "reject"])
            let answer = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(firstID)"), ["reply": "once"])
            #expect(answer.status == 200)
            #expect(try answer.json()["optionId"] as? String == "allow-once")
            #expect(try await api.stopReason(id) == "end_turn")
            let stale = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(firstID)"), ["reply": "once"])
            #expect(stale.status == 409, "an answered request cannot be answered again")
            let unknown = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/perm_999"), ["reply": "once"])
            #expect(unknown.status == 404)

            // Reject.
            #expect(try await api.prompt(id, "/permission rm -rf build", wait: false).status == 202)
            let second = try await api.pendingPermission(id)
            let secondID = try #require(second["permissionId"] as? String)
            let bad = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(secondID)"), ["optionId": "not-offered"])
            #expect(bad.status == 400)
            #expect(try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(secondID)"), ["reply": "reject"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk").contains("Rejected."))

            // Cancel while the request is pending: answered `cancelled`, the turn ends cancelled.
            #expect(try await api.prompt(id, "/permission sleep 1", wait: false).status == 202)
            _ = try await api.pendingPermission(id)
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/cancel")).status == 200)
            #expect(try await api.stopReason(id) == "cancelled")
            let resolved = try await api.events(id).server("_sandboxagent/permission/resolved")
            #expect(resolved.map { $0["by"] as? String } == ["client", "client", "cancel"])
            #expect((resolved.last?["outcome"] as? [String: Any])?["outcome"] as? String == "cancelled")
            let pending = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/permissions")).json()
            #expect((pending["permissions"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func fileAndTerminalRequestsAreServed() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("sa-sess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            let target = work.appendingPathComponent("notes/hello.txt").path
            #expect(try await api.prompt(id, "/write \(target) written by the agent").json()["stopReason"] as? String == "end_turn")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "written by the agent")

            try "line one\nline two\n".write(toFile: target, atomically: true, encoding: .utf8)
            #expect(try await api.prompt(id, "/read \(target)").json()["stopReason"] as? String == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk").contains("line one\nline two"))

            #expect(try await api.prompt(id, "/terminal echo from-the-terminal; echo err >&2").json()["stopReason"] as? String == "end_turn")
            let events = try await api.events(id)
            let methods = events.compactMap { ($0["payload"] as? [String: Any])?["method"] as? String }
            for method in ["terminal/create", "terminal/wait_for_exit", "terminal/output", "terminal/release"] {
                #expect(methods.contains(method), "\(method) was not sent")
            }
            let outputResult = events.compactMap { $0["payload"] as? [String: Any] }
                .compactMap { ($0["result"] as? [String: Any])?["output"] as? String }.first
            #expect(outputResult?.contains("from-the-terminal") == true)
        }
    }

    /// The server reads an agent's requests as ACP's schema types: a member that is missing or of
    /// the wrong kind is answered -32602 naming it, and a well-formed one is served.
    @Test func malformedRequestsFromTheAgentAreInvalidParamsNamingTheMember() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            let cases: [(String, String)] = [
                (#"fs/read_text_file {"sessionId":"s"}"#, "error -32602: Invalid params: path is required"),
                (#"fs/write_text_file {"sessionId":"s","path":"/tmp/x","content":7}"#, "error -32602: Invalid params: content must be a string"),
                (#"terminal/create {"sessionId":"s","command":"ls","args":[1]}"#, "error -32602: Invalid params: args[0] must be a string"),
                (#"terminal/output {"sessionId":"s"}"#, "error -32602: Invalid params: terminalId is required"),
                (#"terminal/output {"sessionId":"s","terminalId":"term_9"}"#, "no terminal term_9"),
                (#"session/request_permission {"sessionId":"s","toolCall":{},"options":[{"optionId":"a","name":"A"}]}"#,
                 "error -32602: Invalid params: options[0].kind is required"),
                (#"session/request_permission {"sessionId":"s","toolCall":{},"options":[]}"#, "error -32602: Invalid params: options must not be empty"),
                (#"elicitation/create {"sessionId":"s","mode":"form"}"#, "error -32602: Invalid params: message is required"),
                (#"elicitation/create {"sessionId":"s","message":"m"}"#, "elicitation/create needs mode form (with requestedSchema) or url"),
                (#"elicitation/create {"sessionId":"s","message":"m","mode":"url"}"#, "elicitation/create in url mode needs a url"),
                (#"terminal/create {"sessionId":"s","command":"echo","args":["typed"]}"#, #"result: {"terminalId":"#),
            ]
            var before = 0
            for (request, answer) in cases {
                #expect(try await api.prompt(id, "/request \(request)").json()["stopReason"] as? String == "end_turn")
                let said = try await api.events(id).text(of: "agent_message_chunk")
                let turn = String(said.dropFirst(before))
                before = said.count
                #expect(turn.hasPrefix(answer) || turn.hasSuffix(answer), "\(request): \(turn)")
            }
        }
    }

    @Test func slowCancelErrorAndCrash() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            #expect(try await api.prompt(id, "/slow 1000", wait: false).status == 202)
            let busy = try await api.prompt(id, "second")
            #expect(busy.status == 409, "a second prompt while one runs")
            _ = try await eventually { try await api.events(id).text(of: "agent_message_chunk").contains("tick 2") }
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/cancel")).status == 200)
            #expect(try await api.stopReason(id) == "cancelled")
            let ticks = try await api.events(id).text(of: "agent_message_chunk").components(separatedBy: "tick ").count - 1
            #expect(ticks < 1000, "the turn was cut short, after \(ticks) of its 1,000 ticks")

            let failed = try await api.prompt(id, "/error")
            #expect(failed.status == 502)
            #expect(failed.problemCode == "agent_error")

            let crashed = try await api.prompt(id, "/crash")
            #expect(crashed.status == 502)
            #expect(crashed.problemCode == "agent_process_exited")
            // Crashed mid-turn: the agent is started again by itself.
            _ = try await eventually { try await api.events(id).server("_sandboxagent/session/resumed").count == 1 }
            let ended = try #require(try await api.events(id).server("_sandboxagent/session/ended").first)
            #expect(ended["reason"] as? String == "agent_exited")
            #expect(ended["exitCode"] as? Int == 3)
            #expect((ended["stderrTail"] as? String)?.contains("crashing") == true)
        }
    }

    /// Two prompts at once to a session whose agent exited: one resumes it and runs, the other is a
    /// conflict; never two agents.
    @Test func twoPromptsAtOnceResumeTheSessionOnce() async throws {
        try await withServer { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            try await killIdleAgent(server, api, id)
            async let first = api.prompt(id, "/slow 5")
            async let second = api.prompt(id, "/slow 5")
            let statuses = [try await first.status, try await second.status].sorted()
            #expect(statuses == [200, 409], "\(statuses)")
            let events = try await api.events(id)
            #expect(events.server("_sandboxagent/session/resumed").count == 1)
            #expect(events.server("_sandboxagent/session/started").count == 2, "the first start and one resume")
        }
    }

    /// Kills the session's (only) agent while no turn runs, and waits until the session has ended.
    private func killIdleAgent(_ server: TestServer, _ api: SessionAPI, _ id: String) async throws {
        let agents = children(of: server.pid, withArgument: "mock-agent")
        try #require(agents.count == 1, "\(agents)")
        kill(agents[0], SIGKILL)
        _ = try await eventually { try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()["status"] as? String == "ended" }
    }

    /// After the agent exited between turns, the next prompt brings the session back by itself;
    /// an agent that exits in the middle of a turn is started again at once. Both are said in
    /// the transcript and bounded (three since the last explicit resume); JSON-RPC ids stay
    /// unique in the transcript across the restarts.
    @Test func aSessionWhoseAgentExitedIsResumedByItselfAtMostThreeTimes() async throws {
        try await withServer { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            try await killIdleAgent(server, api, id)
            #expect(try await api.events(id).server("_sandboxagent/session/resumed").isEmpty, "idle: waits for the next prompt")
            let resumed = try await api.prompt(id, "hello again")
            #expect(resumed.status == 200, "\(resumed.text)")
            #expect(try resumed.json()["stopReason"] as? String == "end_turn")
            var notes = try await api.events(id).server("_sandboxagent/session/resumed")
            #expect(notes.count == 1 && notes.first?["trigger"] as? String == "prompt", "\(notes)")
            #expect(notes.first?["previousEndReason"] as? String == "agent_exited" && notes.first?["attempt"] as? Int == 1)

            // Crashes in the middle of turns: restarted at once (resumes 2 and 3), each new agent
            // answering; the third crash leaves the session ended.
            for attempt in 2...3 {
                #expect(try await api.prompt(id, "/crash").status == 502)
                _ = try await eventually { try await api.events(id).server("_sandboxagent/session/resumed").count == attempt }
                notes = try await api.events(id).server("_sandboxagent/session/resumed")
                #expect(notes.last?["trigger"] as? String == "agent_crash" && notes.last?["attempt"] as? Int == attempt, "\(notes)")
                #expect(try await api.prompt(id, "still there \(attempt)").json()["stopReason"] as? String == "end_turn")
            }
            #expect(try await api.prompt(id, "/crash").status == 502)
            _ = try await eventually { try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()["status"] as? String == "ended" }
            let refused = try await api.prompt(id, "hello?")
            #expect(refused.status == 409 && refused.text.contains("/resume"), "\(refused.status) \(refused.text)")
            let events = try await api.events(id)
            #expect(events.server("_sandboxagent/session/resumed").count == 3, "not restarted a fourth time")
            #expect(events.server("_sandboxagent/session/ended").count == 4)
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/resume")).status == 200)
            #expect(try await api.prompt(id, "back by hand").status == 200)

            let ourRequestIDs = try await api.events(id).compactMap { event -> String? in
                let payload = event["payload"] as? [String: Any]
                guard event["sender"] as? String == "client", payload?["method"] != nil else { return nil }
                return rpcIDKey(payload?["id"])
            }
            #expect(Set(ourRequestIDs).count == ourRequestIDs.count, "request ids repeat: \(ourRequestIDs)")
        }
    }

    @Test func badInput() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let unknownAgent = try await HTTP.json(.POST, server.address("/v1/sessions"), ["agent": "nope"])
            #expect(unknownAgent.status == 400)
            #expect(unknownAgent.problemCode == "unsupported_agent")
            #expect(try await HTTP.send(.GET, server.address("/v1/sessions/nope")).status == 404)
            #expect(try await api.prompt("nope", "hi").status == 404)
            let id = try await api.create(extra: ["id": "my-session"])
            #expect(id == "my-session")
            #expect(try await HTTP.json(.POST, server.address("/v1/sessions"), ["agent": "mock", "id": "my-session"]).status == 409)
            for prompt: Any in [[], [["type": "video"]], [["type": "text"]], [["type": "image", "data": "x"]], 5, ""] {
                let result = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/prompt"), ["prompt": prompt])
                #expect(result.status == 400, "prompt \(prompt): \(result.text)")
            }
            let wrongReply = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/perm_1"), ["reply": "maybe"])
            #expect(wrongReply.status == 400)
            let deleted = try await HTTP.send(.DELETE, server.address("/v1/sessions/\(id)")).json()
            #expect(deleted["status"] as? String == "ended")
            #expect(deleted["endReason"] as? String == "deleted")
        }
    }

    @Test func sseStreamResumesWithoutGapsOrDuplicates() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            let url = server.address("/v1/sessions/\(id)/events/stream")
            let first = try await SSEClient.open(url)
            #expect(try await api.prompt(id, "/flood 200").status == 200)
            var seen: [Int] = []
            for try await event in first.events {
                seen.append(Int(event.id ?? "") ?? -1)
                if seen.count == 50 { break }
            }
            first.cancel()
            let resumed = try await SSEClient.open(url, lastEventID: "\(seen.last!)")
            let total = try await api.events(id).count
            for try await event in resumed.events {
                seen.append(Int(event.id ?? "") ?? -1)
                if seen.count == total { break }
            }
            resumed.cancel()
            #expect(seen == Array(0..<total))
        }
    }
    /// A client that stops reading is not buffered for without bound: once it is more than 16,384
    /// events behind its stream ends after the last event it was sent, and a reconnect with
    /// `Last-Event-ID` gets every later event — no gap, no duplicate.
    @Test func aStalledSSEReaderIsEndedAndResumesWithoutGaps() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            let url = server.address("/v1/sessions/\(id)/events/stream")
            let stalled = try StalledSSEReader(url)
            // Far more than the lag limit plus what the sockets hold.
            // 80,000 events take a while on a loaded machine with a debug build.
            #expect(try await api.prompt(id, "/flood 80000", timeout: .seconds(180)).status == 200)
            let total = try await api.events(id).count
            let (seen, ended) = try await stalled.readToEnd(timeout: .seconds(60))
            try #require(ended, "the stalled reader's stream was ended (it got \(seen.count) of \(total) events)")
            #expect(seen == Array(0..<Int64(seen.count)), "in order from 0, no gap")
            #expect(seen.count < total, "it got \(seen.count) of \(total) events before the end")
            let resumed = try await SSEClient.open(url, lastEventID: "\(seen.last ?? -1)")
            var rest: [Int64] = []
            for try await event in resumed.events {
                rest.append(Int64(event.id ?? "") ?? -1)
                if rest.count == total - seen.count { break }
            }
            resumed.cancel()
            #expect(rest == Array(Int64(seen.count)..<Int64(total)), "the reconnect continues without a gap or duplicate")
        }
    }
}
