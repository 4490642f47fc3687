import ACP

/// What the mock remembers about a session, and what it stores in the state directory (one JSON
/// file per session).
struct MockSessionRecord: Codable, Sendable, Equatable {
    /// One finished prompt turn: the prompt text and the agent's reply text.
    struct Turn: Codable, Sendable, Equatable {
        var prompt: String
        var reply: String
    }

    var sessionId: String
    var cwd: String
    var modeId: String
    var modelId: String
    var turns: [Turn]
    /// The MCP servers of `session/new` (or the last `session/load`), for `/computer`.
    var mcpServers: [JSONValue]?
}
