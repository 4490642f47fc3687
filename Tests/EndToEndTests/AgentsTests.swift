import ACP
import Foundation
import NIOHTTP1
import SandboxAgentAPI
import SandboxAgentClient
import Testing

/// What the server knows of each agent, read through the typed client (the query's bad values and
/// the raw ACP endpoint over HTTP).
@Suite("GET /v1/agents")
struct AgentsTests {
    /// A stand-in `claude` binary that only answers `--version`.
    private func fakeClaude(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("claude").path
        try "#!/bin/sh\necho '9.9.9 (Claude Code)'\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    @Test func listsKnownAgentsWithBinaryVersionAndCredentials() async throws {
        try await withTemporaryDirectory { directory in
            let claude = try fakeClaude(in: directory)
            let environment = ["SANDBOX_AGENT_CLAUDE_BIN": claude, "ANTHROPIC_API_KEY": "sk-ant-test", "HOME": directory.path]
            try await withServer(["--no-token", "--storage", "memory"], environment: environment) { server in
                let client = SandboxAgentClient(endpoint: server.url)
                let agents = try await client.agents()
                #expect(agents.map(\.id) == ["amp", "claude", "codex", "cursor", "gemini", "mock", "opencode", "pi"])
                let entry = try #require(agents.first { $0.id == "claude" })
                #expect(entry.installed && entry.driver == "claude-code")
                #expect(entry.path == claude && entry.version == "9.9.9 (Claude Code)")
                #expect(entry.credentialsAvailable)
                #expect(entry.capabilities["permissions"] == true)
                #expect(entry.modes?.map(\.id) == ["default", "acceptEdits", "plan", "bypassPermissions"])
                #expect(entry.models?.contains { $0.id == "sonnet" } == true)
                let codex = try #require(agents.first { $0.id == "codex" })
                if !codex.installed {
                    #expect(codex.configError?.contains("not installed") == true)
                }
                let mock = try await client.agent("mock")
                #expect(mock.installed && mock.credentialsAvailable)
                let unknown = await #expect(throws: SandboxAgentClientError.self) { try await client.agent("nope") }
                #expect(unknown?.status == 400 && unknown?.problem?.code == "unsupported_agent")
            }
        }
    }

    @Test func configAddsConfigOptionsAndNoCacheAsksTheBinaryAgain() async throws {
        try await withTemporaryDirectory { directory in
            // A `claude` whose --version answer is a file the test changes.
            let versionFile = directory.appendingPathComponent("version")
            try "1.0.0 (Claude Code)\n".write(to: versionFile, atomically: true, encoding: .utf8)
            let claude = directory.appendingPathComponent("claude").path
            try "#!/bin/sh\ncat '\(versionFile.path)'\n".write(toFile: claude, atomically: true, encoding: .utf8)
            chmod(claude, 0o755)
            try await withServer(["--no-token", "--storage", "memory"], environment: ["SANDBOX_AGENT_CLAUDE_BIN": claude, "HOME": directory.path]) { server in
                let client = SandboxAgentClient(endpoint: server.url)
                #expect(try await client.agents().allSatisfy { $0.configOptions == nil }, "configOptions only with config=true")

                let agents = try await client.agents(config: true)
                let claudeOptions = try #require(agents.first { $0.id == "claude" }?.configOptions)
                let model = try #require(claudeOptions.first { $0["id"] == "model" })
                #expect(model["type"] == "select" && model["category"] == "model" && model["currentValue"] == "default")
                #expect(model["options"]?.arrayValue?.contains { $0["value"] == "opus" && $0["name"] == "Opus" } == true)
                #expect(claudeOptions.contains { $0["id"] == "mode" && $0["currentValue"] == "default" })
                let mockOptions = try #require(try await client.agent("mock", config: true).configOptions)
                #expect(Set(mockOptions.compactMap { $0["id"]?.stringValue }) == ["mode", "model"])
                #expect(agents.first { $0.id == "opencode" }?.configOptions == nil, "unknown without starting it")
                let spelled = try await HTTP.send(.GET, server.address("/v1/agents/mock?config=1")).json()
                #expect((spelled["configOptions"] as? [Any])?.count == mockOptions.count, "config=1 is config=true")

                // The version is cached; no_cache asks again.
                #expect(try await client.agent("claude").version == "1.0.0 (Claude Code)")
                try "2.0.0 (Claude Code)\n".write(to: versionFile, atomically: true, encoding: .utf8)
                #expect(try await client.agent("claude").version == "1.0.0 (Claude Code)")
                #expect(try await client.agent("claude", noCache: true).version == "2.0.0 (Claude Code)")
                try "3.0.0 (Claude Code)\n".write(to: versionFile, atomically: true, encoding: .utf8)
                #expect(try await client.agents(config: true, noCache: true).first { $0.id == "claude" }?.version == "3.0.0 (Claude Code)")

                let bad = try await HTTP.send(.GET, server.address("/v1/agents?config=maybe"))
                #expect(bad.status == 400 && bad.text.contains("config"))
            }
        }
    }

    @Test func serverStatusFollowsTheAgentsACPServers() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let client = SandboxAgentClient(endpoint: server.url)
            #expect(try await client.agent("mock").serverStatus == nil, "no server runs yet")
            let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1}}"#
            let started = try await HTTP.send(
                .POST, server.address("/v1/acp/status-1?agent=mock"), headers: [("Content-Type", "application/json")], body: Data(initialize.utf8))
            #expect(started.status == 200)
            let status = try await client.agent("mock").serverStatus
            #expect(status?.status == "running")
            #expect(status?.uptimeMs.map { $0 >= 0 && $0 < 600_000 } == true, "\(String(describing: status))")
            let list = try await client.agents()
            #expect(list.first { $0.id == "mock" }?.serverStatus?.status == "running")
            #expect(list.first { $0.id == "claude" }?.serverStatus == nil)

            #expect(try await HTTP.send(.DELETE, server.address("/v1/acp/status-1")).status == 204)
            let gone = try await eventually(timeout: .seconds(30)) { try await client.agent("mock").serverStatus == nil }
            #expect(gone, "serverStatus is left out once no server runs")
        }
    }

    @Test func claudeCredentialsComeFromTheLoginFileWhenNoKeyIsSet() async throws {
        try await withTemporaryDirectory { directory in
            let claude = try fakeClaude(in: directory)
            let environment = ["SANDBOX_AGENT_CLAUDE_BIN": claude, "ANTHROPIC_API_KEY": "", "HOME": directory.path]
            try await withServer(["--no-token", "--storage", "memory"], environment: environment) { server in
                let client = SandboxAgentClient(endpoint: server.url)
                #expect(try await client.agent("claude").credentialsAvailable == false)
                try FileManager.default.createDirectory(at: directory.appendingPathComponent(".claude"), withIntermediateDirectories: true)
                let file = directory.appendingPathComponent(".claude/.credentials.json")
                // expiresAt is epoch milliseconds: 1 is long expired, so it does not count.
                try #"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-x","expiresAt":1}}"#.write(to: file, atomically: true, encoding: .utf8)
                #expect(try await client.agent("claude").credentialsAvailable == false)
                let future = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
                try #"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-x","expiresAt":\#(future)}}"#.write(to: file, atomically: true, encoding: .utf8)
                #expect(try await client.agent("claude").credentialsAvailable == true)
            }
        }
    }
}

@Suite("ACP CLIs found on PATH", .enabled(if: FakeAgent.sdkAvailable, Comment(rawValue: FakeAgent.skipMessage)))
struct DiscoveredACPAgentTests {
    @Test func anOpencodeOnPathRunsAsAnACPAgent() async throws {
        try await withTemporaryDirectory { directory in
            // A stand-in `opencode` that, like the real one, speaks ACP when run as `opencode acp`.
            let opencode = directory.appendingPathComponent("opencode").path
            try "#!/bin/sh\n[ \"$1\" = acp ] || exit 64\nshift\nexec python3 '\(FakeAgent.script.path)' \"$@\"\n"
                .write(toFile: opencode, atomically: true, encoding: .utf8)
            chmod(opencode, 0o755)
            let path = directory.path + ":" + (Foundation.ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            try await withServer(["--no-token", "--storage", "memory"], environment: ["PATH": path]) { server in
                let client = SandboxAgentClient(endpoint: server.url)
                let info = try await client.agent("opencode")
                #expect(info.installed && info.driver == "acp" && info.path == opencode)
                let id = try await client.createTestSession(agent: "opencode")
                #expect(try await client.prompt(sessionId: id, text: "hello") == .endTurn)
            }
        }
    }
}
