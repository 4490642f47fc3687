import Foundation
import NIOHTTP1
import Testing

/// The MCP servers and skills configured for a directory, with the real Codex CLI and the fake
/// Responses API: Codex offers a configured server's tools as the namespace `mcp__<server>`.
@Suite(
    "Codex, real CLI: directory config",
    .enabled(if: RealAgents.codex != nil, Comment(rawValue: RealAgents.codexSkipMessage)),
    .enabled(if: MCPClient.available, Comment(rawValue: MCPClient.skipMessage)))
struct CodexConfigTests {
    @Test func aConfiguredStdioServersToolIsOfferedToTheModel() async throws {
        try await withCodexServer { server, model, work in
            let mcp: [String: Any] = ["type": "local", "command": "python3", "args": [ClaudeCodeConfigTests.shoutServer.path]]
            let put = try await HTTP.json(.PUT, server.address("/v1/config/mcp?directory=\(work.path)&mcpName=loud"), mcp)
            #expect(put.status == 204, "\(put.text)")
            let skillSource = work.appendingPathComponent("src-skills/tidy-up")
            try FileManager.default.createDirectory(at: skillSource, withIntermediateDirectories: true)
            try "---\nname: tidy-up\ndescription: Tidies files.\n---\nTidy.\n".write(
                to: skillSource.appendingPathComponent("SKILL.md"), atomically: true, encoding: .utf8)
            let skills: [String: Any] = ["sources": [["type": "local", "source": work.appendingPathComponent("src-skills").path]]]
            #expect(try await HTTP.json(.PUT, server.address("/v1/config/skills?directory=\(work.path)&skillName=s"), skills).status == 204)

            let api = SessionAPI(server: server)
            let id = try await api.create(agent: "codex", extra: ["cwd": work.path])
            let applied = try #require(try await api.events(id).server("_sandboxagent/session/config_applied").first)
            #expect(applied["mcpServers"] as? [String] == ["loud"])
            #expect(FileManager.default.fileExists(atPath: work.path + "/.agents/skills/tidy-up/SKILL.md"))

            let result = try await api.prompt(id, "hello there")
            #expect(result.status == 200, "\(result.text)")
            let request = try #require(try model.responsesRequests().last, "Codex sent the model nothing")
            let offered = ((request["tools"] as? [[String: Any]]) ?? []).flatMap { tool -> [String] in
                guard tool["type"] as? String == "namespace" else { return [(tool["name"] as? String) ?? ""] }
                return ((tool["tools"] as? [[String: Any]]) ?? []).map { "\(tool["name"] as? String ?? "").\($0["name"] as? String ?? "")" }
            }
            #expect(offered.contains("mcp__loud.shout") || offered.contains("mcp__loud__shout"), "tools offered: \(offered)")
        }
    }
}
