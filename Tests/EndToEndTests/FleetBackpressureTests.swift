import Foundation
import NIOHTTP1
import TestPostgres
import Testing

/// Backpressure on the real agent CLIs (the default paths): while the database is down and the
/// buffer is full, the server stops reading the CLI's output, so its stdout pipe fills (what the
/// CLI writes after that waits in the CLI; Claude, a Bun program, keeps it in its own memory rather
/// than blocking on the write); once the database is back every word of the answer is stored, in
/// order.
@Suite(
    "Fleet: backpressure on the real agent CLIs", .serialized,
    .enabled(if: RealAgents.claude != nil && RealAgents.codex != nil, Comment(rawValue: RealAgents.claudeSkipMessage)))
struct FleetBackpressureTests {
    /// A real agent CLI against its fake model, with its state in a temporary directory.
    struct Agent: CustomTestStringConvertible, Sendable {
        let id: String
        var testDescription: String { id }

        var binary: String? { id == "claude" ? RealAgents.claude : RealAgents.codex }

        /// The server's environment for the agent, its model, and the session's working directory.
        func fixture() async throws -> (environment: [String: String], model: FakeModelAPI, work: URL, cleanUp: @Sendable () -> Void) {
            if id == "codex" {
                let codex = try await CodexFixture.make()
                return (codex.environment, codex.model, codex.work, { codex.remove() })
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-backpressure-\(UUID().uuidString)")
            let (work, home) = (directory.appendingPathComponent("work"), directory.appendingPathComponent("home"))
            for folder in [work, home] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            let model = try await FakeModelAPI.start(.anthropic, in: directory)
            return (RealAgents.claudeEnvironment(home: home, model: model), model, work, {
                model.stop()
                try? FileManager.default.removeItem(at: directory)
            })
        }
    }

    @Test(arguments: [Agent(id: "claude"), Agent(id: "codex")])
    func pastTheBufferLimitTheCLIsOutputIsHeldBackAndNothingIsDropped(_ agent: Agent) async throws {
        let binary = try #require(agent.binary)
        try await withTestPostgres { postgres in
            let url = try await postgres.createDatabase()
            let fixture = try await agent.fixture()
            defer { fixture.cleanUp() }
            let arguments = ["--no-token", "--storage", url, "--storage-buffer-max-events", "200"]
            try await withServer(arguments, environment: fixture.environment) { server in
                let api = SessionAPI(server: server)
                let id = try await api.create(agent: agent.id, extra: ["cwd": fixture.work.path])
                let words = 20_000
                #expect(try await api.prompt(id, "please stream \(words) words at 2000/s", wait: false).status == 202)
                let streaming = try await eventually {  // the answer is coming in
                    (try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/events?offset=300&limit=1")).json()["items"] as? [Any])?.count == 1
                }
                try #require(streaming)
                let cli = try #require(children(of: server.pid, withArgument: binary).first)
                try await postgres.stopServer()
                let heldBack = try await eventually(timeout: .seconds(30)) {
                    let reason = try await HTTP.send(.GET, server.address("/v1/health")).json()["reason"] as? String ?? ""
                    return reason.contains("paused") && (unreadBytesOnStandardOutput(of: cli) ?? 0) >= 60_000
                }
                #expect(heldBack, "health says paused and the CLI's stdout pipe is full (\(unreadBytesOnStandardOutput(of: cli) ?? -1) bytes)")
                try await Task.sleep(for: .seconds(5))  // the outage
                #expect((unreadBytesOnStandardOutput(of: cli) ?? 0) >= 60_000, "still held back at the end of the outage")

                let stored = try await endOutage(postgres, server: server, session: id)
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
