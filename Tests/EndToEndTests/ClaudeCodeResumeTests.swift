import Foundation
import Glibc
import NIOHTTP1
import Testing

@Suite(
    "Claude Code, real CLI, across a server restart",
    .enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
struct ClaudeCodeResumeTests {
    @Test func aResumedSessionContinuesTheConversationWithClaudesOwnHistory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-claude-resume-\(UUID().uuidString)")
        let work = directory.appendingPathComponent("work")
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try await FakeModelAPI.start(.anthropic, in: directory)
        defer { model.stop() }
        let environment = RealAgents.claudeEnvironment(home: directory, model: model)
        let first = try await TestServer(["--no-token"], environment: environment, dataDirectory: data)
        let id: String
        do {
            let api = SessionAPI(server: first)
            id = try await api.create(agent: "claude", extra: ["cwd": work.path])
            #expect(try await api.prompt(id, "remember the word pelican").json()["stopReason"] as? String == "end_turn")
            #expect(await first.stop(keepingData: true) == 0)
        } catch {
            await first.stop()
            throw error
        }
        try await withServer(["--no-token"], environment: environment, dataDirectory: data) { server in
            let api = SessionAPI(server: server)
            let resumed = try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/resume"))
            #expect(resumed.status == 200, "\(resumed.text)")
            #expect(try await api.prompt(id, "what was the word?").json()["stopReason"] as? String == "end_turn")
            // Claude itself resumed its session: the model sees the first turn in the history.
            let last = try #require(try model.messageRequests().last)
            let texts = FakeModelAPI.messageTexts(of: last)
            #expect(texts.contains { $0.contains("remember the word pelican") })
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Echo #2: what was the word?"))
        }
    }

    /// `kill -9` of the `claude` process in the middle of a turn: the server starts it again by
    /// itself (`--resume` of the same session) and the next prompt continues the conversation.
    @Test func aClaudeKilledMidTurnIsStartedAgainWithItsHistory() async throws {
        try await withClaudeServer { server, model, work in
            let api = SessionAPI(server: server)
            let id = try await api.create(agent: "claude", extra: ["cwd": work.path])
            #expect(try await api.prompt(id, "remember the word heron").json()["stopReason"] as? String == "end_turn")
            let agentSessionID = try #require(try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()["agentSessionId"] as? String)
            #expect(try await api.prompt(id, "please stall", wait: false).status == 202)
            _ = try await eventually { try await api.events(id).text(of: "agent_message_chunk").contains("Thinking") }
            let claude = pids(withArgument: agentSessionID)
            try #require(claude.count == 1, "one claude process for the session: \(claude)")
            kill(claude[0], SIGKILL)

            _ = try await eventually { try await api.events(id).server("_sandboxagent/session/resumed").count == 1 }
            let events = try await api.events(id)
            let ended = try #require(events.server("_sandboxagent/session/ended").first)
            #expect(ended["reason"] as? String == "agent_exited")
            let resumed = try #require(events.server("_sandboxagent/session/resumed").first)
            #expect(resumed["trigger"] as? String == "agent_crash" && resumed["attempt"] as? Int == 1, "\(resumed)")
            let restarted = pids(withArgument: agentSessionID)
            #expect(restarted.count == 1 && restarted != claude, "a new claude for the same session: \(restarted)")

            #expect(try await api.prompt(id, "what was the word?").json()["stopReason"] as? String == "end_turn")
            let last = try #require(try model.messageRequests().last)
            let texts = FakeModelAPI.messageTexts(of: last)
            #expect(texts.contains { $0.contains("remember the word heron") }, "Claude resumed its own session")
            let requestIDs = try await api.events(id).compactMap { event -> String? in
                let payload = event["payload"] as? [String: Any]
                guard event["sender"] as? String == "client", payload?["method"] != nil else { return nil }
                return rpcIDKey(payload?["id"])
            }
            #expect(Set(requestIDs).count == requestIDs.count, "request ids repeat: \(requestIDs)")
        }
    }
}
