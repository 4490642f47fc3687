import Foundation
import NIOHTTP1
import Testing

/// The MCP servers and skills configured for a directory reach every session started there
/// (beyond upstream), shown on the mock agent: what it received in `session/new`, the
/// `_sandboxagent/session/config_applied` event, and the skills fetched into `.agents/skills/`.
@Suite("Config applied to sessions")
struct ConfigAppliedTests {
    private func put(_ server: TestServer, _ kind: String, _ directory: URL, _ name: String, _ body: [String: Any]) async throws {
        let parameter = kind == "mcp" ? "mcpName" : "skillName"
        let result = try await HTTP.json(
            .PUT, server.address("/v1/config/\(kind)?directory=\(directory.path)&\(parameter)=\(name)"), body)
        guard result.status == 204 else { throw TestFailure("PUT /v1/config/\(kind) \(name): \(result.status) \(result.text)") }
    }

    /// Runs git with a fixed identity; fails the test on a non-zero exit.
    private func git(_ arguments: [String], in directory: URL) async throws {
        let command = RunningCommand(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["git", "-C", directory.path, "-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"] + arguments)
        let result = try await command.finish(timeout: .seconds(30))
        guard result.code == 0 else { throw TestFailure("git \(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    private func writeSkill(_ directory: URL, body: String = "Say hello.") throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = directory.lastPathComponent
        try "---\nname: \(name)\ndescription: the \(name) skill\n---\n\(body)\n".write(
            to: directory.appendingPathComponent("SKILL.md"), atomically: true, encoding: .utf8)
    }

    /// A bare repository holding `skills/delta/SKILL.md` on branch `main`, and its path.
    private func bareSkillRepository(in base: URL) async throws -> URL {
        let source = base.appendingPathComponent("repo-src")
        try writeSkill(source.appendingPathComponent("skills/delta"))
        try "other".write(to: source.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try await git(["init", "--quiet"], in: source)
        try await git(["add", "."], in: source)
        try await git(["commit", "--quiet", "-m", "skills"], in: source)
        let bare = base.appendingPathComponent("skills.git")
        try await git(["clone", "--quiet", "--bare", source.path, bare.path], in: base)
        return bare
    }

    @Test func mcpServersAndSkillsOfTheCwdReachAMockSession() async throws {
        let base = try makeTemporaryDirectory("cfg-applied")
        defer { try? FileManager.default.removeItem(at: base) }
        let work = base.appendingPathComponent("work")
        let local = base.appendingPathComponent("local-skills")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try writeSkill(local.appendingPathComponent("alpha"))
        try writeSkill(local.appendingPathComponent("beta"))
        let bare = try await bareSkillRepository(in: base)

        try await withServer(["--no-token"], environment: ["SA_TEST_TEAM_KEY": "k3y"]) { server in
            try await put(server, "mcp", work, "shared", ["type": "local", "command": "from-config"])
            try await put(server, "mcp", work, "tools", ["type": "local", "command": ["python3", "-u"], "args": ["s.py"], "cwd": "/tmp", "env": ["K": "V"]])
            try await put(server, "mcp", work, "web", [
                "type": "remote", "url": "https://mcp.example.com/x", "headers": ["X-Team": "blue"], "bearerTokenEnvVar": "SA_TEST_UNSET_TOKEN_VAR",
                "envHeaders": ["X-Key": "SA_TEST_TEAM_KEY"],
            ])
            try await put(server, "mcp", work, "off", ["type": "local", "command": "never", "enabled": false])
            try await put(server, "skills", work, "a-local", [
                "sources": [["type": "local", "source": local.path, "skills": ["alpha"]], ["type": "local", "source": base.path + "/missing"]]
            ])
            try await put(server, "skills", work, "b-git", ["sources": [["type": "git", "source": bare.path, "ref": "main", "subpath": "skills"]]])

            let api = SessionAPI(server: server)
            let own: [String: Any] = ["name": "shared", "command": "/bin/echo", "args": ["own"], "env": [] as [Any]]
            let id = try await api.create(extra: ["cwd": work.path, "mcpServers": [own]])
            let record = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)")).json()
            #expect(record["status"] as? String == "active", "a skill that cannot be fetched does not fail the session")

            let events = try await api.events(id)
            let newRequest = try #require(events.requests("session/new", from: "client").first)
            let servers = try #require((events.payload(at: newRequest)["params"] as? [String: Any])?["mcpServers"] as? [[String: Any]])
            #expect(servers.map { $0["name"] as? String } == ["shared", "tools", "web"], "own first, then configured by name; disabled left out")
            try #require(servers.count == 3)
            #expect(servers[0]["command"] as? String == "/bin/echo", "the session's own entry wins a name clash")
            #expect(servers[1]["command"] as? String == "/bin/sh")
            #expect(servers[1]["args"] as? [String] == ["-c", #"cd "$0" && exec "$@""#, "/tmp", "python3", "-u", "s.py"])
            #expect((servers[1]["env"] as? [[String: String]]) == [["name": "K", "value": "V"]])
            #expect(servers[2]["type"] as? String == "http" && servers[2]["url"] as? String == "https://mcp.example.com/x")
            #expect((servers[2]["headers"] as? [[String: String]]) == [["name": "X-Key", "value": "k3y"], ["name": "X-Team", "value": "blue"]])

            let applied = try #require(events.server("_sandboxagent/session/config_applied").first, "no config_applied event")
            #expect(applied["mcpServers"] as? [String] == ["tools", "web"])
            let skills = (applied["skills"] as? [[String: Any]]) ?? []
            #expect(skills.map { $0["name"] as? String } == ["alpha", "delta"])
            #expect(skills.map { $0["source"] as? String } == [local.path, bare.path])
            #expect(skills.map { $0["path"] as? String } == [work.path + "/.agents/skills/alpha", work.path + "/.agents/skills/delta"])
            let errors = (applied["errors"] as? [String]) ?? []
            #expect(errors.count == 2, "\(errors)")
            #expect(errors.contains { $0.contains(base.path + "/missing") }, "\(errors)")
            #expect(errors.contains { $0.contains("SA_TEST_UNSET_TOKEN_VAR") }, "\(errors)")

            let skillsDirectory = work.appendingPathComponent(".agents/skills")
            #expect(try FileManager.default.contentsOfDirectory(atPath: skillsDirectory.path).sorted() == ["alpha", "delta"])
            #expect(try String(contentsOf: skillsDirectory.appendingPathComponent("delta/SKILL.md"), encoding: .utf8).contains("name: delta"))
            #expect(!FileManager.default.fileExists(atPath: skillsDirectory.appendingPathComponent("delta/.git").path))
        }
    }

    @Test func aSessionWithoutConfigurationHasNoConfigEvent() async throws {
        let work = try makeTemporaryDirectory("cfg-none")
        defer { try? FileManager.default.removeItem(at: work) }
        try await withServer { server in
            let api = SessionAPI(server: server)
            let id = try await api.create(extra: ["cwd": work.path])
            #expect(try await api.events(id).server("_sandboxagent/session/config_applied").isEmpty)
        }
    }

    @Test func aGitSourceThatCannotBeClonedIsAnErrorInTheEvent() async throws {
        let work = try makeTemporaryDirectory("cfg-badgit")
        defer { try? FileManager.default.removeItem(at: work) }
        try await withServer { server in
            try await put(server, "skills", work, "x", ["sources": [["type": "git", "source": work.path + "/no-such-repo.git"]]])
            let api = SessionAPI(server: server)
            let id = try await api.create(extra: ["cwd": work.path])
            let applied = try #require(try await api.events(id).server("_sandboxagent/session/config_applied").first)
            #expect((applied["skills"] as? [Any])?.isEmpty == true)
            let errors = (applied["errors"] as? [String]) ?? []
            #expect(errors.count == 1 && errors.first?.contains("git clone") == true, "\(errors)")
        }
    }
}
