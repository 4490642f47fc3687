/// The params of `_sandboxagent/session/config_applied` (``SandboxAgentMethod/sessionConfigApplied``):
/// the MCP servers and skills configured for the session's directory (`/v1/config/mcp`,
/// `/v1/config/skills`) that the session got.
public struct SessionConfigAppliedParams: Codable, Sendable, Equatable {
    /// A skill fetched for the session.
    public struct Skill: Codable, Sendable, Equatable {
        public var name: String
        /// Where it came from (a path, a git or GitHub source).
        public var source: String
        /// Where the agent reads it.
        public var path: String

        public init(name: String, source: String, path: String) {
            self.name = name
            self.source = source
            self.path = path
        }
    }

    /// The names of the configured MCP servers given to the session.
    public var mcpServers: [String]
    public var skills: [Skill]
    /// What could not be applied (the session started anyway).
    public var errors: [String]
    /// On an ACP relay, which carries several sessions: the ACP session it is about.
    public var sessionId: String?

    public init(mcpServers: [String], skills: [Skill], errors: [String], sessionId: String? = nil) {
        self.mcpServers = mcpServers
        self.skills = skills
        self.errors = errors
        self.sessionId = sessionId
    }
}
