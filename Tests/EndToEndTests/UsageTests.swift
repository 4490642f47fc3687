import ACP
import Foundation
import SandboxAgentAPI
import SandboxAgentClient
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
        let client = SandboxAgentClient(endpoint: server.url)
        let id = try await client.createTestSession(agent: agent, cwd: work.path)
        for text in ["first", "second"] { #expect(try await client.prompt(sessionId: id, text: text) == .endTurn) }
        let transcript = try await Transcript.read(id, from: client)
        let turnUsages = transcript.promptResults.compactMap { try? $0.get().usage }
        let updates = transcript.updates(UsageUpdate.self)
        #expect(turnUsages.count == 2)
        for usage in turnUsages {
            #expect(usage.inputTokens >= 10 && usage.outputTokens >= 5, "\(usage)")
            #expect(usage.totalTokens == usage.inputTokens + usage.outputTokens)
        }
        #expect(!updates.isEmpty && updates.allSatisfy { $0.size > 0 && $0.used > 0 }, "\(updates)")
        if agent == "claude" {
            // Claude Code reports its running session cost: it grows with the second turn.
            let costs = updates.compactMap { $0.cost?.amount }
            #expect(costs.count == 2 && costs[1] > costs[0], "\(updates)")
        }
        // The record folds the updates in as they are observed, just after the turn's response.
        var usage: SessionUsage?
        let folded = try await eventually(timeout: .seconds(10)) {
            usage = try await client.session(id: id).usage
            return usage?.contextSize != nil && usage?.turns == 2
        }
        #expect(folded, "\(String(describing: usage))")
        #expect(usage?.contextUsed == updates.last?.used)
        #expect(usage?.cost == updates.last?.cost)
        #expect(usage?.totalTokens == turnUsages.reduce(0) { $0 + $1.totalTokens })
        #expect(usage?.contextSize == updates.last?.size)
    }
}
