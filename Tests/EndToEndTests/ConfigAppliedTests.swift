import ACP
import Foundation
import SandboxAgentAPI
import SandboxAgentClient
import Testing

/// The MCP servers and skills configured for a directory reach every session started there
/// (beyond upstream), shown on the mock agent: what it received in `session/new`, the
/// `_sandboxagent/session/config_applied` event, and the skills fetched into `.agents/skills/`.
/// Configured through the typed client. (The routes' status codes and files: ConfigRoutesTests.)
@Suite("Config applied to sessions")
struct ConfigAppliedTests {

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
            let client = SandboxAgentClient(endpoint: server.url)
            var web = RemoteMcpServer(url: "https://mcp.example.com/x", headers: ["X-Team": "blue"])
            web.bearerTokenEnvVar = "SA_TEST_UNSET_TOKEN_VAR"
            web.envHeaders = ["X-Key": "SA_TEST_TEAM_KEY"]
            var off = LocalMcpServer(command: .string("never"))
            off.enabled = false
            let servers: KeyValuePairs<String, McpServerConfig> = [
                "shared": .local(LocalMcpServer(command: .string("from-config"))),
                "tools": .local(LocalMcpServer(command: .list(["python3", "-u"]), args: ["s.py"], env: ["K": "V"], cwd: "/tmp")),
                "web": .remote(web),
                "off": .local(off),
            ]
            for (name, config) in servers {
                try await client.setMcpServerConfig(config, directory: work.path, name: name)
                #expect(try await client.mcpServerConfig(directory: work.path, name: name) == config, "\(name) reads back as stored")
            }
            try await client.setSkillsConfig(
                SkillsConfig(sources: [SkillSource(type: .local, source: local.path, skills: ["alpha"]), SkillSource(type: .local, source: base.path + "/missing")]),
                directory: work.path, name: "a-local")
            try await client.setSkillsConfig(
                SkillsConfig(sources: [SkillSource(type: .git, source: bare.path, ref: "main", subpath: "skills")]), directory: work.path, name: "b-git")

            let own: JSONValue = [["name": "shared", "command": "/bin/echo", "args": ["own"], "env": []]]
            let session = try await client.createSession(SessionCreateRequest(agent: "mock", cwd: work.path, mcpServers: own))
            #expect(try await client.session(id: session.id).status == .active, "a skill that cannot be fetched does not fail the session")

            let transcript = try await Transcript.read(session.id, from: client)
            let newSession = try #require(transcript.requests(ACPMethod.sessionNew, from: .client).first?.params).decoded(as: NewSessionParams.self)
            let given = try #require(newSession.mcpServers.arrayValue)
            #expect(given.map { $0["name"]?.stringValue } == ["shared", "tools", "web"], "own first, then configured by name; disabled left out")
            try #require(given.count == 3)
            #expect(given[0]["command"] == "/bin/echo", "the session's own entry wins a name clash")
            #expect(given[1]["command"] == "/bin/sh")
            #expect(given[1]["args"] == ["-c", #"cd "$0" && exec "$@""#, "/tmp", "python3", "-u", "s.py"])
            #expect(given[1]["env"] == [["name": "K", "value": "V"]])
            #expect(given[2]["type"] == "http" && given[2]["url"] == "https://mcp.example.com/x")
            #expect(given[2]["headers"] == [["name": "X-Key", "value": "k3y"], ["name": "X-Team", "value": "blue"]])

            let applied = try #require(
                try transcript.notifications(SandboxAgentMethod.sessionConfigApplied, as: SessionConfigAppliedParams.self).first, "no config_applied event")
            #expect(applied.mcpServers == ["tools", "web"])
            #expect(applied.skills.map(\.name) == ["alpha", "delta"])
            #expect(applied.skills.map(\.source) == [local.path, bare.path])
            #expect(applied.skills.map(\.path) == [work.path + "/.agents/skills/alpha", work.path + "/.agents/skills/delta"])
            #expect(applied.errors.count == 2, "\(applied.errors)")
            #expect(applied.errors.contains { $0.contains(base.path + "/missing") }, "\(applied.errors)")
            #expect(applied.errors.contains { $0.contains("SA_TEST_UNSET_TOKEN_VAR") }, "\(applied.errors)")

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
            let client = SandboxAgentClient(endpoint: server.url)
            let id = try await client.createTestSession(cwd: work.path)
            #expect(try await Transcript.read(id, from: client).notifications(SandboxAgentMethod.sessionConfigApplied, as: SessionConfigAppliedParams.self).isEmpty)
        }
    }

    @Test func aGitSourceThatCannotBeClonedIsAnErrorInTheEvent() async throws {
        let work = try makeTemporaryDirectory("cfg-badgit")
        defer { try? FileManager.default.removeItem(at: work) }
        try await withServer { server in
            let client = SandboxAgentClient(endpoint: server.url)
            try await client.setSkillsConfig(SkillsConfig(sources: [SkillSource(type: .git, source: work.path + "/no-such-repo.git")]), directory: work.path, name: "x")
            let id = try await client.createTestSession(cwd: work.path)
            let applied = try #require(
                try await Transcript.read(id, from: client).notifications(SandboxAgentMethod.sessionConfigApplied, as: SessionConfigAppliedParams.self).first)
            #expect(applied.skills.isEmpty)
            #expect(applied.errors.count == 1 && applied.errors.first?.contains("git clone") == true, "\(applied.errors)")

            // Removed entries are gone, for the next session.
            try await client.deleteSkillsConfig(directory: work.path, name: "x")
            let gone = await #expect(throws: SandboxAgentClientError.self) { try await client.skillsConfig(directory: work.path, name: "x") }
            #expect(gone?.status == 404, "\(String(describing: gone))")
            try await client.setMcpServerConfig(.local(LocalMcpServer(command: .string("tool"))), directory: work.path, name: "m")
            try await client.deleteMcpServerConfig(directory: work.path, name: "m")
            let goneServer = await #expect(throws: SandboxAgentClientError.self) { try await client.mcpServerConfig(directory: work.path, name: "m") }
            #expect(goneServer?.status == 404, "\(String(describing: goneServer))")
        }
    }
}
