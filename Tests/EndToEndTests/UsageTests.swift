import Foundation
import NIOHTTP1
import Testing

/// Token usage, context and cost in one shape for the native drivers (ACP's spelling): each turn's
/// `session/prompt` response carries `usage`, `usage_update` session updates carry the context in
/// use and its size (and the cost where the agent knows it), and `GET /v1/sessions/{id}` adds them up.
/// The fake model servers report fixed token counts per model request (10 in, 5 out).
@Suite("Usage from the real CLIs")
struct UsageTests {
    @Test(.enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
    func claudeReportsUsage() async throws {
        try await withClaudeServer { server, _, work in
            try await Self.twoTurns(server, agent: "claude", work: work)
        }
    }

    @Test(.enabled(if: RealAgents.codex != nil, Comment(rawValue: RealAgents.codexSkipMessage)))
    func codexReportsUsage() async throws {
        try await withCodexServer { server, _, work in
            try await Self.twoTurns(server, agent: "codex", work: work)
        }
    }

    private static func twoTurns(_ server: TestServer, agent: String, work: URL) async throws {
        let api = SessionAPI(server: server)
        let id = try await api.create(agent: agent, extra: ["cwd": work.path])
        for text in ["first", "second"] { #expect(try await api.prompt(id, text).status == 200) }
        let events = try await api.events(id)
        let turnUsages = events.compactMap { event -> [String: Any]? in
            guard event["sender"] as? String == "agent" else { return nil }
            return ((event["payload"] as? [String: Any])?["result"] as? [String: Any])?["usage"] as? [String: Any]
        }
        let updates = events.updates.filter { $0["sessionUpdate"] as? String == "usage_update" }
        #expect(turnUsages.count == 2)
        for usage in turnUsages {
            #expect((usage["inputTokens"] as? Int ?? 0) >= 10 && (usage["outputTokens"] as? Int ?? 0) >= 5, "\(usage)")
            #expect(usage["totalTokens"] as? Int == (usage["inputTokens"] as? Int ?? 0) + (usage["outputTokens"] as? Int ?? 0))
        }
        #expect(!updates.isEmpty && updates.allSatisfy { ($0["size"] as? Int ?? 0) > 0 && ($0["used"] as? Int ?? 0) > 0 }, "\(updates)")
        if agent == "claude" {
            // Claude Code reports its running session cost: it grows with the second turn.
            let costs = updates.compactMap { ($0["cost"] as? [String: Any])?["amount"] as? Double }
            #expect(costs.count == 2 && costs[1] > costs[0], "\(updates)")
        }
        // The record folds the updates in as they are observed, just after the turn's response.
        var usage: [String: Any] = [:]
        let folded = try await eventually(timeout: .seconds(10)) {
            usage = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()["usage"] as? [String: Any] ?? [:]
            return usage["contextSize"] != nil && usage["turns"] as? Int == 2
        }
        #expect(folded, "\(usage)")
        #expect(usage["contextUsed"] as? Int == updates.last?["used"] as? Int)
        #expect(((usage["cost"] as? [String: Any])?["amount"] as? Double) == ((updates.last?["cost"] as? [String: Any])?["amount"] as? Double))
        #expect(usage["totalTokens"] as? Int == turnUsages.reduce(0) { $0 + ($1["totalTokens"] as? Int ?? 0) })
        #expect(usage["contextSize"] as? Int == updates.last?["size"] as? Int)
    }
}
