import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

/// The MCP servers and skills configured for a directory reach the sessions an ACP relay client
/// opens there, as they reach those of `/v1/sessions`: the mock agent, sent only the client's
/// empty `mcpServers`, calls the configured server's tool after `session/new` and again after
/// `session/load`, and the SSE stream reports `config_applied` for the session.
@Suite("Config applied to ACP relay sessions", .enabled(if: MCPClient.available, Comment(rawValue: MCPClient.skipMessage)))
struct RelayConfigAppliedTests {
    @Test func theConfiguredServerAndSkillsReachRelaySessions() async throws {
        let base = try makeTemporaryDirectory("relay-cfg")
        defer { try? FileManager.default.removeItem(at: base) }
        let work = base.appendingPathComponent("work")
        let skill = base.appendingPathComponent("skill-src/relay-helper")
        try FileManager.default.createDirectory(at: skill, withIntermediateDirectories: true)
        try "---\nname: relay-helper\ndescription: helps\n---\nHelp.\n".write(
            to: skill.appendingPathComponent("SKILL.md"), atomically: true, encoding: .utf8)

        try await withServer(["--no-token", "--storage", "memory"]) { server in
            // The mock starts MCP servers by absolute path, so python3 runs through env.
            let mcp: [String: Any] = ["type": "local", "command": "/usr/bin/env", "args": ["python3", ClaudeCodeConfigTests.shoutServer.path]]
            #expect(try await HTTP.json(.PUT, server.address("/v1/config/mcp?directory=\(work.path)&mcpName=loud"), mcp).status == 204)
            let skills: [String: Any] = ["sources": [["type": "local", "source": skill.path]]]
            #expect(try await HTTP.json(.PUT, server.address("/v1/config/skills?directory=\(work.path)&skillName=mine"), skills).status == 204)

            let relay = RelayClient(server: server, id: "relay-cfg")
            _ = try await relay.post(["id": 1, "method": "initialize", "params": ["protocolVersion": 1, "clientCapabilities": [:]]], agent: "mock")
            let sessionId = try await relay.newSession(work, id: 2)
            let first = try await relay.prompt(sessionId, #"/computer shout {"text":"quiet words"}"#, id: 3)
            #expect((first["result"] as? [String: Any])?["stopReason"] as? String == "end_turn", "\(first)")
            #expect(try await relay.reply(of: sessionId).contains("Desktop shout: QUIET WORDS"), "the mock got no MCP server")

            let loaded = try await relay.post([
                "id": 4, "method": "session/load", "params": ["sessionId": sessionId, "cwd": work.path, "mcpServers": [] as [Any]],
            ])
            #expect(loaded["result"] != nil, "\(loaded)")
            _ = try await relay.prompt(sessionId, #"/computer shout {"text":"loaded again"}"#, id: 5)
            #expect(try await relay.reply(of: sessionId).contains("Desktop shout: LOADED AGAIN"), "session/load got no MCP server")
            #expect(FileManager.default.fileExists(atPath: work.path + "/.agents/skills/relay-helper/SKILL.md"))

            // The request recorded (and sent) has the configured server after the client's own (none).
            let events = try await relay.events()
            let newRequest = try #require(events.requests("session/new", from: "client").first)
            let servers = (events.payload(at: newRequest)["params"] as? [String: Any])?["mcpServers"] as? [[String: Any]]
            #expect(servers?.map { $0["name"] as? String } == ["loud"])

            // The SSE stream, replayed from the start up to the answer of the last prompt.
            let stream = try await SSEClient.open(relay.address("/v1/acp/relay-cfg"))
            var applied: [[String: Any]] = []
            for try await event in stream.events {
                let envelope = try #require(try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any])
                if envelope["method"] as? String == "_sandboxagent/session/config_applied" { applied.append(envelope["params"] as? [String: Any] ?? [:]) }
                if envelope["id"] as? Int == 5, envelope["method"] == nil { break }
            }
            stream.cancel()
            #expect(applied.count == 2, "one for session/new, one for session/load: \(applied)")
            for params in applied {
                #expect(params["sessionId"] as? String == sessionId)
                #expect(params["mcpServers"] as? [String] == ["loud"])
                #expect((params["skills"] as? [[String: Any]])?.map { $0["path"] as? String } == [work.path + "/.agents/skills/relay-helper"])
                #expect((params["errors"] as? [String]) == [], "\(params)")
            }
        }
    }
}
