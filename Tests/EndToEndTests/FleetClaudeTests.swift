#if Postgres  // the PostgreSQL store is built with the `Postgres` package trait (the default)
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
}
#endif
