import Foundation
import NIOHTTP1
import Testing

/// Codex runs a command the model does not escalate inside its own sandbox (bubblewrap, which
/// re-executes Codex as `codex-linux-sandbox`) in the default `auto` mode. In containers that
/// sandbox breaks in two ways the issue found: no `bwrap` at all, and a `CODEX_HOME` under `/tmp`
/// where Codex will not create its helper. Every case must run the command (sandboxed, or after
/// asking) and show it as a tool call with its result; a missing sandbox is said, not hidden.
/// The fixture's CODEX_HOME is under /tmp in every case.
@Suite(
    "Codex, real CLI: commands in its sandbox",
    .enabled(if: RealAgents.codex != nil, Comment(rawValue: RealAgents.codexSkipMessage)))
struct CodexSandboxTests {
    /// The wheel's Codex, which finds the bubblewrap bundled next to it.
    @Test func withTheBundledBubblewrapTheCommandRunsSandboxed() async throws {
        try await withCodexServer { server, _, work in
            let id = try await Self.runCommand(server, work, approving: false)
            #expect(try await SessionAPI(server: server).events(id).server("_sandboxagent/agent/diagnostic").isEmpty)
            let sandbox = try await HTTP.send(.GET, server.address("/v1/agents/codex")).json()["sandbox"] as? [String: Any]
            #expect(sandbox?["available"] as? Bool == true && sandbox?["remedy"] == nil, "\(sandbox ?? [:])")
        }
    }

    /// Codex without its bundled bubblewrap (as `npm i @openai/codex` leaves it) and the system's
    /// `bwrap`: Codex itself fails with "execvp codex-linux-sandbox" because CODEX_HOME is under
    /// /tmp; the server's helper link makes the sandbox work.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/bwrap"), "needs Debian's bubblewrap (install-deps --test)"))
    func withTheSystemBubblewrapTheServersHelperMakesTheSandboxWork() async throws {
        let codex = try Self.unbundledCodex()
        try await withCodexServer(environment: ["SANDBOX_AGENT_CODEX_BIN": codex]) { server, _, work in
            let id = try await Self.runCommand(server, work, approving: false)
            #expect(try await SessionAPI(server: server).events(id).server("_sandboxagent/agent/diagnostic").isEmpty)
        }
    }

    /// No bubblewrap anywhere: Codex would panic on every command and the transcript would show
    /// nothing. The session says why, and the command runs after the client allows it.
    @Test func withoutBubblewrapTheSessionSaysSoAndAsksBeforeTheCommand() async throws {
        let codex = try Self.unbundledCodex()
        let path = try Self.pathWithout("bwrap")
        try await withCodexServer(environment: ["SANDBOX_AGENT_CODEX_BIN": codex, "PATH": path.path]) { server, _, work in
            let id = try await Self.runCommand(server, work, approving: true)
            let diagnostic = try #require(try await SessionAPI(server: server).events(id).server("_sandboxagent/agent/diagnostic").first)
            #expect(diagnostic["kind"] as? String == "codex_sandbox_unavailable")
            #expect((diagnostic["message"] as? String)?.contains("bubblewrap") == true, "\(diagnostic)")
            #expect((diagnostic["remedy"] as? String)?.contains("apt-get install bubblewrap") == true)
            let sandbox = try await HTTP.send(.GET, server.address("/v1/agents/codex")).json()["sandbox"] as? [String: Any]
            #expect(sandbox?["available"] as? Bool == false && (sandbox?["reason"] as? String)?.contains("bubblewrap") == true, "\(sandbox ?? [:])")
            #expect(sandbox?["remedy"] as? String == diagnostic["remedy"] as? String)
        }
        try? FileManager.default.removeItem(at: path)
    }

    /// Prompts a plain command that writes a file; answers the permission when `approving`.
    /// Checks the file and the transcript's tool call; returns the session id.
    private static func runCommand(_ server: TestServer, _ work: URL, approving: Bool) async throws -> String {
        let api = SessionAPI(server: server)
        let id = try await api.create(agent: "codex", extra: ["cwd": work.path])
        let written = work.appendingPathComponent("sandboxed.txt")
        #expect(try await api.prompt(id, "please run in the sandbox: echo sandboxed > \(written.path)", wait: false).status == 202)
        if approving {
            let permission = try await api.pendingPermission(id)
            let permissionID = try #require(permission["permissionId"] as? String)
            #expect(try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(permissionID)"), ["reply": "once"]).status == 200)
        }
        #expect(try await api.stopReason(id) == "end_turn")
        #expect((try? String(contentsOf: written, encoding: .utf8)) == "sandboxed\n")
        let events = try await api.events(id)
        let calls = events.updates.filter { $0["sessionUpdate"] as? String == "tool_call" }
        let results = events.updates.filter { $0["sessionUpdate"] as? String == "tool_call_update" }
        #expect(calls.count == 1 && (calls.first?["kind"] as? String) == "execute", "\(calls)")
        #expect(results.last?["status"] as? String == "completed", "\(results)")
        #expect(events.text(of: "agent_message_chunk").contains("Tool said: Process exited with code 0"))
        return id
    }

    /// The wheel's `codex` hard-linked where no `codex-resources/bwrap` is next to it.
    private static func unbundledCodex() throws -> String {
        let source = try #require(RealAgents.codex)
        let directory = URL(fileURLWithPath: source).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("codex-unbundled/bin")
        let target = directory.appendingPathComponent("codex")
        if !FileManager.default.isExecutableFile(atPath: target.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try FileManager.default.linkItem(atPath: source, toPath: target.path)
            } catch {
                try FileManager.default.copyItem(atPath: source, toPath: target.path)
            }
        }
        return target.path
    }

    /// A directory of links to every program of the standard PATH except `program`.
    private static func pathWithout(_ program: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-path-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for source in ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: source)) ?? [] where name != program {
                try? FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent(name).path, withDestinationPath: source + "/" + name)
            }
        }
        return directory
    }
}
