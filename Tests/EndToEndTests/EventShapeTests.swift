import Foundation
import NIOHTTP1
import Testing

/// Whatever the agent, a client sees the same event shape for the same scenario.
@Suite(
    "One event shape for the mock and the real agents",
    .enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
struct EventShapeTests {
    /// A turn's events as `sender method[/sessionUpdate]`, consecutive repeats collapsed (chunk
    /// counts differ between agents; their kinds and order must not).
    private func shape(of events: [[String: Any]], fromPrompt promptText: String) -> [String] {
        guard let start = events.firstIndex(where: { event in
            let payload = event["payload"] as? [String: Any]
            let prompt = ((payload?["params"] as? [String: Any])?["prompt"] as? [[String: Any]])?.first?["text"] as? String
            return payload?["method"] as? String == "session/prompt" && prompt == promptText
        }) else { return [] }
        var shape: [String] = []
        for event in events[start...] {
            let payload = event["payload"] as? [String: Any] ?? [:]
            var kind = "\(event["sender"] as? String ?? "?") "
            if let method = payload["method"] as? String {
                kind += method
                if let update = ((payload["params"] as? [String: Any])?["update"] as? [String: Any])?["sessionUpdate"] as? String {
                    kind += "/" + update
                }
            } else {
                kind += payload["error"] != nil ? "error" : "result"
            }
            if shape.last != kind { shape.append(kind) }
            if kind.hasSuffix(" result"), payload["id"] as? Int == (events[start]["payload"] as? [String: Any])?["id"] as? Int { break }
        }
        return shape
    }

    @Test func aTextTurnLooksTheSameFromTheMockAndFromClaudeCode() async throws {
        try await withClaudeServer { server, _, work in
            let api = SessionAPI(server: server)
            let mock = try await api.create(agent: "mock", extra: ["cwd": work.path])
            let claude = try await api.create(agent: "claude", extra: ["cwd": work.path])
            for id in [mock, claude] {
                #expect(try await api.prompt(id, "hello shapes").json()["stopReason"] as? String == "end_turn")
            }
            let mockShape = shape(of: try await api.events(mock), fromPrompt: "hello shapes")
            let claudeShape = shape(of: try await api.events(claude), fromPrompt: "hello shapes")
            #expect(mockShape == [
                "client session/prompt", "agent session/update/agent_message_chunk", "agent session/update/usage_update", "agent result",
            ])
            #expect(claudeShape == mockShape)
            // Every text chunk names its message (ACP's messageId), from the mock and from Claude Code.
            for id in [mock, claude] {
                let chunks = try await api.events(id).updates.filter { $0["sessionUpdate"] as? String == "agent_message_chunk" }
                #expect(!chunks.isEmpty && chunks.allSatisfy { ($0["messageId"] as? String)?.isEmpty == false }, "\(chunks)")
            }
        }
    }
}
