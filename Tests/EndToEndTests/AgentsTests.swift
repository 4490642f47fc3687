import Foundation
import NIOHTTP1
import Testing

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
                let list = try await HTTP.send(.GET, server.address("/v1/agents")).json()
                let agents = try #require(list["agents"] as? [[String: Any]])
                #expect(agents.map { $0["id"] as? String } == ["amp", "claude", "codex", "cursor", "gemini", "mock", "opencode", "pi"])
                let entry = try #require(agents.first { $0["id"] as? String == "claude" })
                #expect(entry["installed"] as? Bool == true && entry["driver"] as? String == "claude-code")
                #expect(entry["path"] as? String == claude && entry["version"] as? String == "9.9.9 (Claude Code)")
                #expect(entry["credentialsAvailable"] as? Bool == true)
                #expect((entry["capabilities"] as? [String: Bool])?["permissions"] == true)
                #expect((entry["modes"] as? [[String: Any]])?.map { $0["id"] as? String } == ["default", "acceptEdits", "plan", "bypassPermissions"])
                #expect((entry["models"] as? [[String: Any]])?.contains { $0["id"] as? String == "sonnet" } == true)
                let codex = try #require(agents.first { $0["id"] as? String == "codex" })
                if codex["installed"] as? Bool == false {
                    #expect((codex["configError"] as? String)?.contains("not installed") == true)
                }
                let mock = try await HTTP.send(.GET, server.address("/v1/agents/mock")).json()
                #expect(mock["installed"] as? Bool == true && mock["credentialsAvailable"] as? Bool == true)
                let unknown = try await HTTP.send(.GET, server.address("/v1/agents/nope"))
                #expect(unknown.status == 400 && unknown.problemCode == "unsupported_agent")
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
                let plain = try await HTTP.send(.GET, server.address("/v1/agents")).json()
                let plainAgents = try #require(plain["agents"] as? [[String: Any]])
                #expect(plainAgents.allSatisfy { $0["configOptions"] == nil }, "configOptions only with config=true")

                let list = try await HTTP.send(.GET, server.address("/v1/agents?config=true")).json()
                let agents = try #require(list["agents"] as? [[String: Any]])
                let claudeOptions = try #require(agents.first { $0["id"] as? String == "claude" }?["configOptions"] as? [[String: Any]])
                let model = try #require(claudeOptions.first { $0["id"] as? String == "model" })
                #expect(model["type"] as? String == "select" && model["category"] as? String == "model" && model["currentValue"] as? String == "default")
                #expect((model["options"] as? [[String: Any]])?.contains { $0["value"] as? String == "opus" && $0["name"] as? String == "Opus" } == true)
                #expect(claudeOptions.contains { $0["id"] as? String == "mode" && $0["currentValue"] as? String == "default" })
                let mock = try await HTTP.send(.GET, server.address("/v1/agents/mock?config=1")).json()
                let mockOptions = try #require(mock["configOptions"] as? [[String: Any]])
                #expect(Set(mockOptions.compactMap { $0["id"] as? String }) == ["mode", "model"])
                #expect(agents.first { $0["id"] as? String == "opencode" }?["configOptions"] == nil, "unknown without starting it")

                // The version is cached; no_cache asks again.
                #expect(try await HTTP.send(.GET, server.address("/v1/agents/claude")).json()["version"] as? String == "1.0.0 (Claude Code)")
                try "2.0.0 (Claude Code)\n".write(to: versionFile, atomically: true, encoding: .utf8)
                #expect(try await HTTP.send(.GET, server.address("/v1/agents/claude")).json()["version"] as? String == "1.0.0 (Claude Code)")
                #expect(try await HTTP.send(.GET, server.address("/v1/agents/claude?no_cache=true")).json()["version"] as? String == "2.0.0 (Claude Code)")
                try "3.0.0 (Claude Code)\n".write(to: versionFile, atomically: true, encoding: .utf8)
                let fresh = try await HTTP.send(.GET, server.address("/v1/agents?config=true&no_cache=true")).json()
                #expect((fresh["agents"] as? [[String: Any]])?.first { $0["id"] as? String == "claude" }?["version"] as? String == "3.0.0 (Claude Code)")

                let bad = try await HTTP.send(.GET, server.address("/v1/agents?config=maybe"))
                #expect(bad.status == 400 && bad.text.contains("config"))
            }
        }
    }

    @Test func serverStatusFollowsTheAgentsACPServers() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            #expect(try await HTTP.send(.GET, server.address("/v1/agents/mock")).json()["serverStatus"] == nil, "no server runs yet")
            let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1}}"#
            let started = try await HTTP.send(
                .POST, server.address("/v1/acp/status-1?agent=mock"), headers: [("Content-Type", "application/json")], body: Data(initialize.utf8))
            #expect(started.status == 200)
            try await Task.sleep(for: .milliseconds(50))
            let status = try await HTTP.send(.GET, server.address("/v1/agents/mock")).json()["serverStatus"] as? [String: Any]
            #expect(status?["status"] as? String == "running")
            #expect((status?["uptimeMs"] as? Int).map { $0 >= 0 && $0 < 600_000 } == true, "\(String(describing: status))")
            let list = try await HTTP.send(.GET, server.address("/v1/agents")).json()["agents"] as? [[String: Any]]
            #expect((list?.first { $0["id"] as? String == "mock" }?["serverStatus"] as? [String: Any])?["status"] as? String == "running")
            #expect(list?.first { $0["id"] as? String == "claude" }?["serverStatus"] == nil)

            #expect(try await HTTP.send(.DELETE, server.address("/v1/acp/status-1")).status == 204)
            let gone = try await eventually(timeout: .seconds(30)) {
                try await HTTP.send(.GET, server.address("/v1/agents/mock")).json()["serverStatus"] == nil
            }
            #expect(gone, "serverStatus is left out once no server runs")
        }
    }

    @Test func claudeCredentialsComeFromTheLoginFileWhenNoKeyIsSet() async throws {
        try await withTemporaryDirectory { directory in
            let claude = try fakeClaude(in: directory)
            let environment = ["SANDBOX_AGENT_CLAUDE_BIN": claude, "ANTHROPIC_API_KEY": "", "HOME": directory.path]
            try await withServer(["--no-token", "--storage", "memory"], environment: environment) { server in
                let before = try await HTTP.send(.GET, server.address("/v1/agents/claude")).json()
                #expect(before["credentialsAvailable"] as? Bool == false)
                try FileManager.default.createDirectory(at: directory.appendingPathComponent(".claude"), withIntermediateDirectories: true)
                let file = directory.appendingPathComponent(".claude/.credentials.json")
                // expiresAt is epoch milliseconds: 1 is long expired, so it does not count.
                try #"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-x","expiresAt":1}}"#.write(to: file, atomically: true, encoding: .utf8)
                let expired = try await HTTP.send(.GET, server.address("/v1/agents/claude")).json()
                #expect(expired["credentialsAvailable"] as? Bool == false)
                let future = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
                try #"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-x","expiresAt":\#(future)}}"#.write(to: file, atomically: true, encoding: .utf8)
                let after = try await HTTP.send(.GET, server.address("/v1/agents/claude")).json()
                #expect(after["credentialsAvailable"] as? Bool == true)
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
                let info = try await HTTP.send(.GET, server.address("/v1/agents/opencode")).json()
                #expect(info["installed"] as? Bool == true && info["driver"] as? String == "acp" && info["path"] as? String == opencode)
                let api = SessionAPI(server: server)
                let id = try await api.create(agent: "opencode")
                #expect(try await api.prompt(id, "hello").json()["stopReason"] as? String == "end_turn")
            }
        }
    }
}
