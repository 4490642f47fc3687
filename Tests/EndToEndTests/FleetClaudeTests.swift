import Foundation
import Glibc
import NIOHTTP1
import TestPostgres
import Testing

/// A replaced sandbox with the real Claude Code CLI: the old server is killed, a new one (another
/// machine: its own HOME, so none of Claude's own state) on the same PostgreSQL resumes the session.
@Suite(
    "Fleet: Claude Code resumed on a new server", .serialized,
    .enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
struct FleetClaudeTests {
    @Test func aNewServerResumesAClaudeSessionAndTheNextPromptCarriesTheHistory() async throws {
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-fleet-claude-\(UUID().uuidString)")
            let work = directory.appendingPathComponent("work")
            let (oldHome, newHome) = (directory.appendingPathComponent("old-home"), directory.appendingPathComponent("new-home"))
            for folder in [work, oldHome, newHome] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            defer { try? FileManager.default.removeItem(at: directory) }
            let model = try await FakeModelAPI.start(.anthropic, in: directory)
            defer { model.stop() }
            let arguments = ["--no-token", "--storage", url]

            let old = try await TestServer(
                arguments + ["--instance-id", "old-sandbox"], environment: RealAgents.claudeEnvironment(home: oldHome, model: model))
            let id: String
            let agentSessionID: String
            do {
                let api = SessionAPI(server: old)
                id = try await api.create(agent: "claude", extra: ["cwd": work.path])
                #expect(try await api.prompt(id, "remember the word pelican").json()["stopReason"] as? String == "end_turn")
                agentSessionID = try #require(try await HTTP.send(.GET, old.address("/v1/sessions/\(id)")).json()["agentSessionId"] as? String)
                old.crash()  // kill -9: the sandbox is gone
            } catch {
                await old.stop()
                throw error
            }
            await old.stop()
            for pid in pids(withArgument: agentSessionID) { kill(pid, SIGKILL) }  // its orphaned claude, gone with the sandbox

            try await withServer(arguments + ["--instance-id", "new-sandbox"], environment: RealAgents.claudeEnvironment(home: newHome, model: model)) { server in
                let api = SessionAPI(server: server)
                let resumed = try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/resume"))
                #expect(resumed.status == 200, "\(resumed.text)")
                #expect(try resumed.json()["instanceId"] as? String == "new-sandbox")
                // This HOME has no conversation of Claude's to load: the transcript is replayed.
                let started = try await api.events(id).server("_sandboxagent/session/started")
                #expect(started.last?["restoredBy"] as? String == "transcript_replay", "\(started)")
                let before = try model.messageRequests().count
                #expect(try await api.prompt(id, "which word?").json()["stopReason"] as? String == "end_turn")
                let requests = try model.messageRequests()
                #expect(requests.count > before, "the new server's Claude asked the model")
                let texts = FakeModelAPI.messageTexts(of: requests.last)
                #expect(texts.contains { $0.contains("[This session was resumed") && $0.contains("user: remember the word pelican") }, "the model saw the history: \(texts)")
                #expect(texts.contains("which word?"), "and the new prompt: \(texts)")
            }
        }
    }

    /// Backpressure on the default agent: while the database is down and the buffer is full, the
    /// server stops reading Claude's output, so its stdout pipe fills (Claude, a Bun program, keeps the
    /// rest itself, as an agent writing to a full pipe does); once the database is back every word
    /// of the answer is stored, in order.
    @Test func pastTheBufferLimitClaudesOutputIsHeldBackAndNothingIsDropped() async throws {
        let claudeBinary = try #require(RealAgents.claude)
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-fleet-claude-\(UUID().uuidString)")
            let (work, home) = (directory.appendingPathComponent("work"), directory.appendingPathComponent("home"))
            for folder in [work, home] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            defer { try? FileManager.default.removeItem(at: directory) }
            let model = try await FakeModelAPI.start(.anthropic, in: directory)
            defer { model.stop() }
            let arguments = ["--no-token", "--storage", url, "--storage-buffer-max-events", "200"]
            try await withServer(arguments, environment: RealAgents.claudeEnvironment(home: home, model: model)) { server in
                let api = SessionAPI(server: server)
                let id = try await api.create(agent: "claude", extra: ["cwd": work.path])
                let words = 20_000
                #expect(try await api.prompt(id, "please stream \(words) words at 2000/s", wait: false).status == 202)
                let streaming = try await eventually {  // the answer is coming in
                    (try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/events?offset=300&limit=1")).json()["items"] as? [Any])?.count == 1
                }
                try #require(streaming)
                let claude = try #require(children(of: server.pid, withArgument: claudeBinary).first)
                try await postgres.stopServer()
                let heldBack = try await eventually(timeout: .seconds(30)) {
                    let reason = try await HTTP.send(.GET, server.address("/v1/health")).json()["reason"] as? String ?? ""
                    return reason.contains("paused") && (unreadBytesOnStandardOutput(of: claude) ?? 0) >= 60_000
                }
                #expect(heldBack, "health says paused and Claude's stdout pipe is full (\(unreadBytesOnStandardOutput(of: claude) ?? -1) bytes)")
                try await Task.sleep(for: .seconds(5))  // the outage
                #expect((unreadBytesOnStandardOutput(of: claude) ?? 0) >= 60_000, "still held back at the end of the outage")
                try await postgres.startServer()
                #expect(try await api.stopReason(id) == "end_turn")
                let healthy = try await eventually { try await HTTP.send(.GET, server.address("/v1/health")).json()["status"] as? String == "ok" }
                #expect(healthy)

                let stored = try await api.events(id)
                #expect(stored.compactMap { $0["eventIndex"] as? Int } == Array(0..<stored.count), "gap-free")
                let text = stored.updates.filter { $0["sessionUpdate"] as? String == "agent_message_chunk" }
                    .compactMap { ($0["content"] as? [String: Any])?["text"] as? String }.joined()
                #expect(text == (1...words).map { "w\($0) " }.joined(), "every word stored once, in order (\(text.count) characters)")
                let pause = try #require(stored.server("_sandboxagent/storage/paused").first)
                #expect(pause["limit"] as? Int == 200)
                #expect(stored.server("_sandboxagent/storage/paused").count == stored.server("_sandboxagent/storage/resumed").count)
            }
        }
    }
}
