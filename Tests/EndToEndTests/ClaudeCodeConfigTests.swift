import Foundation
import NIOHTTP1
import Testing

/// The MCP servers and skills configured for a directory, with the real Claude Code CLI and the
/// fake model server: what the CLI offers the model is what a session started there was given.
@Suite(
    "Claude Code, real CLI: directory config",
    .enabled(if: RealAgents.claude != nil, Comment(rawValue: RealAgents.claudeSkipMessage)),
    .enabled(if: MCPClient.available, Comment(rawValue: MCPClient.skipMessage)))
struct ClaudeCodeConfigTests {
    static let shoutServer = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mcp-shout-server/shout_server.py")

    @Test func aConfiguredStdioServersToolIsOfferedToTheModel() async throws {
        try await withClaudeServer { server, model, work in
            let mcp: [String: Any] = ["type": "local", "command": "python3", "args": [Self.shoutServer.path]]
            let put = try await HTTP.json(.PUT, server.address("/v1/config/mcp?directory=\(work.path)&mcpName=loud"), mcp)
            #expect(put.status == 204, "\(put.text)")
            let skillSource = work.deletingLastPathComponent().appendingPathComponent("skill-src/haiku-helper")
            try FileManager.default.createDirectory(at: skillSource, withIntermediateDirectories: true)
            try "---\nname: haiku-helper\ndescription: Writes haiku about zebras-in-config-tests.\n---\nWrite a haiku.\n".write(
                to: skillSource.appendingPathComponent("SKILL.md"), atomically: true, encoding: .utf8)
            let skills: [String: Any] = ["sources": [["type": "local", "source": skillSource.path]]]
            #expect(try await HTTP.json(.PUT, server.address("/v1/config/skills?directory=\(work.path)&skillName=mine"), skills).status == 204)

            let api = SessionAPI(server: server)
            // ENABLE_TOOL_SEARCH=false: Claude Code lists MCP tools in `tools` instead of behind ToolSearch.
            let id = try await api.create(agent: "claude", extra: ["cwd": work.path, "env": ["ENABLE_TOOL_SEARCH": "false"]])
            let applied = try #require(try await api.events(id).server("_sandboxagent/session/config_applied").first)
            #expect(applied["mcpServers"] as? [String] == ["loud"])
            #expect((applied["skills"] as? [[String: Any]])?.first?["path"] as? String == work.path + "/.claude/skills/haiku-helper")
            #expect(FileManager.default.fileExists(atPath: work.path + "/.claude/skills/haiku-helper/SKILL.md"))

            let result = try await api.prompt(id, "hello there")
            #expect(result.status == 200, "\(result.text)")
            let request = try #require(try model.messageRequests().last, "the CLI sent the model nothing")
            let tools = ((request["tools"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            #expect(tools.contains("mcp__loud__shout"), "tools offered: \(tools)")
            let body = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
            #expect(body.contains("zebras-in-config-tests"), "the skill's description reaches the model")
            _ = try await HTTP.send(.DELETE, server.address("/v1/sessions/\(id)"))

            // By default the CLI defers MCP tools behind ToolSearch, naming them to the model in the request.
            let deferred = try await api.create(agent: "claude", extra: ["cwd": work.path])
            #expect(try await api.prompt(deferred, "hello again").status == 200)
            let second = try #require(try model.messageRequests().last)
            let secondTools = ((second["tools"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            let secondBody = String(decoding: try JSONSerialization.data(withJSONObject: second), as: UTF8.self)
            #expect(secondTools.contains("mcp__loud__shout") || secondBody.contains("mcp__loud__shout"), "tools: \(secondTools)")
        }
    }
}
