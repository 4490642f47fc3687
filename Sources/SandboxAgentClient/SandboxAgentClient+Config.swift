public import SandboxAgentAPI
import NIOHTTP1

/// `/v1/config/mcp` and `/v1/config/skills`: the MCP servers and skill sources configured for a
/// directory, one named entry at a time, stored in `<directory>/.sandbox-agent/config/` and applied
/// to every session started there.
extension SandboxAgentClient {
    /// `GET /v1/config/mcp`: the MCP server `name` configured for `directory` (404 when there is none).
    public func mcpServerConfig(directory: String, name: String) async throws -> McpServerConfig {
        try await decode(send(.GET, "/v1/config/mcp", query: ["directory": directory, "mcpName": name]))
    }

    /// `PUT /v1/config/mcp`: configures the MCP server `name` for `directory`, replacing one of that name.
    public func setMcpServerConfig(_ config: McpServerConfig, directory: String, name: String) async throws {
        _ = try await collect(send(.PUT, "/v1/config/mcp", query: ["directory": directory, "mcpName": name], body: .json(config)))
    }

    /// `DELETE /v1/config/mcp`: removes the MCP server `name` from `directory`'s configuration.
    public func deleteMcpServerConfig(directory: String, name: String) async throws {
        _ = try await collect(send(.DELETE, "/v1/config/mcp", query: ["directory": directory, "mcpName": name]))
    }

    /// `GET /v1/config/skills`: the skill sources `name` configured for `directory` (404 when there are none).
    public func skillsConfig(directory: String, name: String) async throws -> SkillsConfig {
        try await decode(send(.GET, "/v1/config/skills", query: ["directory": directory, "skillName": name]))
    }

    /// `PUT /v1/config/skills`: configures the skill sources `name` for `directory`, replacing those of that name.
    public func setSkillsConfig(_ config: SkillsConfig, directory: String, name: String) async throws {
        _ = try await collect(send(.PUT, "/v1/config/skills", query: ["directory": directory, "skillName": name], body: .json(config)))
    }

    /// `DELETE /v1/config/skills`: removes the skill sources `name` from `directory`'s configuration.
    public func deleteSkillsConfig(directory: String, name: String) async throws {
        _ = try await collect(send(.DELETE, "/v1/config/skills", query: ["directory": directory, "skillName": name]))
    }
}
