import Foundation
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
            let texts = ((last["messages"] as? [[String: Any]]) ?? []).flatMap { message -> [String] in
                if let text = message["content"] as? String { return [text] }
                return ((message["content"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }
            }
            #expect(texts.contains { $0.contains("remember the word pelican") })
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Echo #2: what was the word?"))
        }
    }
}
