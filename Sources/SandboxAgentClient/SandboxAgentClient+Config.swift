import NIOHTTP1
public import SandboxAgentAPI

/// `/v1/config/mcp` and `/v1/config/skills`: the MCP servers and skill sources configured for a
/// directory, one named entry at a time, stored in `<directory>/.sandbox-agent/config/` and applied
/// to every session started there.
extension SandboxAgentClient {
    /// `GET /v1/config/mcp`: the MCP server `name` configured for `directory` (404 when there is none).
    public func mcpServerConfig(directory: String, name: String) async throws -> McpServerConfig {
        try await decode(send(.GET, ConfigFile.mcp.path, query: ConfigFile.mcp.query(directory, name)))
    }

    /// `PUT /v1/config/mcp`: configures the MCP server `name` for `directory`, replacing one of that name.
    public func setMcpServerConfig(_ config: McpServerConfig, directory: String, name: String) async throws {
        try await configRequest(.PUT, .mcp, directory, name, body: .json(config))
    }

    /// `DELETE /v1/config/mcp`: removes the MCP server `name` from `directory`'s configuration.
    public func deleteMcpServerConfig(directory: String, name: String) async throws {
        try await configRequest(.DELETE, .mcp, directory, name)
    }

    /// `GET /v1/config/skills`: the skill sources `name` configured for `directory` (404 when there are none).
    public func skillsConfig(directory: String, name: String) async throws -> SkillsConfig {
        try await decode(send(.GET, ConfigFile.skills.path, query: ConfigFile.skills.query(directory, name)))
    }

    /// `PUT /v1/config/skills`: configures the skill sources `name` for `directory`, replacing those of that name.
    public func setSkillsConfig(_ config: SkillsConfig, directory: String, name: String) async throws {
        try await configRequest(.PUT, .skills, directory, name, body: .json(config))
    }

    /// `DELETE /v1/config/skills`: removes the skill sources `name` from `directory`'s configuration.
    public func deleteSkillsConfig(directory: String, name: String) async throws {
        try await configRequest(.DELETE, .skills, directory, name)
    }

    /// A PUT or DELETE of one entry, answered 204.
    private func configRequest(_ method: HTTPMethod, _ file: ConfigFile, _ directory: String, _ name: String, body: RequestBody? = nil) async throws {
        _ = try await collect(send(method, file.path, query: file.query(directory, name), body: body))
    }
}

/// The two configuration files: their route and the query parameter that names an entry.
private enum ConfigFile {
    case mcp, skills

    var path: String {
        switch self {
        case .mcp: "/v1/config/mcp"
        case .skills: "/v1/config/skills"
        }
    }

    func query(_ directory: String, _ name: String) -> KeyValuePairs<String, String?> {
        switch self {
        case .mcp: ["directory": directory, "mcpName": name]
        case .skills: ["directory": directory, "skillName": name]
        }
    }
}
