import Foundation
import NIOHTTP1
import Testing

/// Upstream's TypeScript SDK opens one ACP relay server per agent and calls `session/new` on it for
/// every session. With the real Claude Code and Codex CLIs (fake model servers that echo the user
/// text and count the conversation's turns, so a crossed reply shows), each ACP session is its own
/// conversation: prompts interleaved and concurrent, each answered in its own session with only
/// its own history; an unknown session id is ACP's resource-not-found; closing the relay ends all.
@Suite("ACP relay: several sessions of a native driver on one server")
struct RelaySessionsTests {
    @Test(.enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
    func claudeSessionsStayApart() async throws {
        try await withClaudeServer { server, _, work in
            try await Self.threeSessions(RelayClient(server: server, id: "multi-claude"), agent: "claude", work: work) { sessions in
                // One CLI per Claude session, each started for its own id.
                let running = sessions.map { id in pids(withArgument: id).count }
                #expect(running == [1, 1, 1], "claude processes per session: \(running)")
            }
        }
    }

    @Test(.enabled(if: RealAgents.codex != nil, Comment(rawValue: RealAgents.codexSkipMessage)))
    func codexSessionsStayApart() async throws {
        try await withCodexServer { server, _, work in
            try await Self.threeSessions(RelayClient(server: server, id: "multi-codex"), agent: "codex", work: work) { _ in }
        }
    }

    /// Two Claude sessions on one relay ask permission at once: the drivers' requests carry
    /// distinct numeric ids, and each answer reaches the session it was asked in.
    @Test(.enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
    func permissionsOfTwoClaudeSessionsAreAnsweredEachInItsOwn() async throws {
        try await withClaudeServer { server, _, work in
            let relay = RelayClient(server: server, id: "multi-claude-permissions")
            _ = try await relay.post(["id": 1, "method": "initialize", "params": ["protocolVersion": 1, "clientCapabilities": [:]]], agent: "claude")
            let alpha = try await relay.newSession(work.appendingPathComponent("alpha"), id: 2)
            let bravo = try await relay.newSession(work.appendingPathComponent("bravo"), id: 3)
            let files = [alpha: work.appendingPathComponent("alpha/made.txt"), bravo: work.appendingPathComponent("bravo/made.txt")]
            async let first = relay.prompt(alpha, "please run: touch \(files[alpha]!.path)", id: 4)
            async let second = relay.prompt(bravo, "please run: touch \(files[bravo]!.path)", id: 5)
            var requests: [[String: Any]] = []
            _ = try await eventually {
                requests = try await relay.events().compactMap { event in
                    let payload = event["payload"] as? [String: Any]
                    return event["sender"] as? String == "agent" && payload?["method"] as? String == "session/request_permission" ? payload : nil
                }
                return requests.count == 2
            }
            let ids = requests.compactMap { $0["id"] as? Int }
            #expect(ids.count == 2 && Set(ids).count == 2, "numeric and distinct: \(requests.map { $0["id"] ?? "" })")
            for request in requests {
                let sessionId = (request["params"] as? [String: Any])?["sessionId"] as? String
                let option = sessionId == bravo ? "allow-once" : "reject-once"
                let answer = ["jsonrpc": "2.0", "id": request["id"] ?? 0, "result": ["outcome": ["outcome": "selected", "optionId": option]]] as [String: Any]
                let posted = try await HTTP.send(
                    .POST, relay.address("/v1/acp/\(relay.id)"), headers: [("Content-Type", "application/json")],
                    body: try JSONSerialization.data(withJSONObject: answer))
                #expect(posted.status == 202, "\(posted.text)")
            }
            for answer in [try await first, try await second] {
                #expect((answer["result"] as? [String: Any])?["stopReason"] as? String == "end_turn", "\(answer)")
            }
            #expect(!FileManager.default.fileExists(atPath: files[alpha]!.path), "alpha's command was rejected")
            #expect(FileManager.default.fileExists(atPath: files[bravo]!.path), "bravo's command was allowed")
            #expect(try await HTTP.send(.DELETE, relay.address("/v1/acp/\(relay.id)")).status == 204)
        }
    }

    /// Opens three sessions on one relay, prompts them interleaved and two at once, and checks
    /// replies, transcripts, routing errors, the record's cwd and the end of every session.
    private static func threeSessions(
        _ relay: RelayClient, agent: String, work: URL, whileRunning: ([String]) throws -> Void
    ) async throws {
        let initialized = try await relay.post(["id": 1, "method": "initialize", "params": ["protocolVersion": 1, "clientCapabilities": [:]]], agent: agent)
        #expect(initialized["result"] != nil, "\(initialized)")
        let alpha = try await relay.newSession(work.appendingPathComponent("alpha"), id: 2)
        let bravo = try await relay.newSession(work.appendingPathComponent("bravo"), id: 3)
        #expect(alpha != bravo)

        #expect(try await relay.prompt(alpha, "alpha one", id: 4)["result"] as? [String: Any] != nil)
        #expect(try await relay.prompt(bravo, "bravo one", id: 5)["result"] as? [String: Any] != nil)
        let charlie = try await relay.newSession(work.appendingPathComponent("charlie"), id: 6)
        async let second = relay.prompt(alpha, "alpha two", id: 7)
        async let third = relay.prompt(charlie, "charlie one", id: 8)
        for answer in [try await second, try await third] {
            #expect((answer["result"] as? [String: Any])?["stopReason"] as? String == "end_turn", "\(answer)")
        }

        #expect(try await relay.reply(of: alpha) == "Echo #1: alpha oneEcho #2: alpha two")
        #expect(try await relay.reply(of: bravo) == "Echo #1: bravo one")
        #expect(try await relay.reply(of: charlie) == "Echo #1: charlie one")

        let unknown = try await relay.prompt("no-such-session", "hello", id: 9)
        #expect((unknown["error"] as? [String: Any])?["code"] as? Int == -32002, "\(unknown)")

        let record = try await HTTP.send(.GET, relay.address("/v1/sessions/\(relay.id)")).json()
        #expect(record["cwd"] as? String == work.appendingPathComponent("alpha").path, "the relay's record has its first session's cwd")
        try whileRunning([alpha, bravo, charlie])

        #expect(try await HTTP.send(.DELETE, relay.address("/v1/acp/\(relay.id)")).status == 204)
        var ended: Set<String> = []
        let allEnded = try await eventually(timeout: .seconds(30)) {
            let events = try await relay.events()
            ended = Set(events.server("_sandboxagent/session/ended").compactMap { $0["session_id"] as? String })
            return ended == [alpha, bravo, charlie]
        }
        #expect(allEnded, "ended: \(ended)")
    }
}

struct RelayClient: Sendable {
    let api: SessionAPI
    let id: String

    init(server: TestServer, id: String) {
        api = SessionAPI(server: server)
        self.id = id
    }

    func address(_ pathAndQuery: String) -> String { api.server.address(pathAndQuery) }

    func post(_ body: [String: Any], agent: String? = nil) async throws -> [String: Any] {
        let path = "/v1/acp/\(id)" + (agent.map { "?agent=\($0)" } ?? "")
        let result = try await HTTP.send(
            .POST, address(path), headers: [("Content-Type", "application/json")],
            body: try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0"].merging(body) { $1 }))
        return try result.json()
    }

    func newSession(_ cwd: URL, id: Int) async throws -> String {
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        let created = try await post(["id": id, "method": "session/new", "params": ["cwd": cwd.path, "mcpServers": []]])
        return try #require((created["result"] as? [String: Any])?["sessionId"] as? String, "\(created)")
    }

    func prompt(_ sessionId: String, _ text: String, id: Int) async throws -> [String: Any] {
        try await post(["id": id, "method": "session/prompt", "params": ["sessionId": sessionId, "prompt": [["type": "text", "text": text]]]])
    }

    /// The relay's transcript.
    func events() async throws -> [[String: Any]] { try await api.events(id) }

    /// The agent text streamed for `sessionId` only.
    func reply(of sessionId: String) async throws -> String {
        try await events().filter { event in
            ((event["payload"] as? [String: Any])?["params"] as? [String: Any])?["sessionId"] as? String == sessionId
        }.text(of: "agent_message_chunk")
    }
}
