/// The params of `session/new` (schema `NewSessionRequest`).
public struct NewSessionParams: Codable, Sendable, Equatable {
    /// The absolute working directory.
    public var cwd: String
    /// The MCP servers the agent connects to (`McpServer` objects, passed through as given).
    public var mcpServers: JSONValue

    public init(cwd: String, mcpServers: JSONValue) {
        self.cwd = cwd
        self.mcpServers = mcpServers
    }
}

/// The params of `session/load` (schema `LoadSessionRequest`): `session/new`'s plus the session.
public struct LoadSessionParams: Codable, Sendable, Equatable {
    public var sessionId: String
    public var cwd: String
    public var mcpServers: JSONValue

    public init(sessionId: String, cwd: String, mcpServers: JSONValue) {
        self.sessionId = sessionId
        self.cwd = cwd
        self.mcpServers = mcpServers
    }
}

/// The params of `session/prompt` (schema `PromptRequest`): one turn's content blocks.
public struct PromptParams: Codable, Sendable, Equatable {
    public var sessionId: String
    /// `ContentBlock`s (`text`, `image`, `audio`, `resource_link`, `resource`), passed through.
    public var prompt: [JSONValue]

    public init(sessionId: String, prompt: [JSONValue]) {
        self.sessionId = sessionId
        self.prompt = prompt
    }
}

/// The params of the `session/cancel` notification (schema `CancelNotification`).
public struct CancelParams: Codable, Sendable, Equatable {
    public var sessionId: String

    public init(sessionId: String) {
        self.sessionId = sessionId
    }
}

/// The params of `session/set_mode` (schema `SetSessionModeRequest`).
public struct SetModeParams: Codable, Sendable, Equatable {
    public var sessionId: String
    public var modeId: String

    public init(sessionId: String, modeId: String) {
        self.sessionId = sessionId
        self.modeId = modeId
    }
}

/// The params of `session/set_config_option` (schema `SetSessionConfigOptionRequest`).
public struct SetConfigOptionParams: Codable, Sendable, Equatable {
    public var sessionId: String
    public var configId: String
    /// A value id (string) for `select` options, a boolean for `boolean` ones.
    public var value: JSONValue

    public init(sessionId: String, configId: String, value: JSONValue) {
        self.sessionId = sessionId
        self.configId = configId
        self.value = value
    }
}

/// The params of the `session/update` notification (schema `SessionNotification`).
public struct SessionUpdateParams: Codable, Sendable, Equatable {
    public var sessionId: String
    /// The update object; its kind is ``SessionUpdateKind/init(of:)``.
    public var update: JSONValue

    public init(sessionId: String, update: JSONValue) {
        self.sessionId = sessionId
        self.update = update
    }

    /// The `session/update` notification carrying `update` for `sessionId`.
    public static func notification(sessionId: String, update: JSONValue) -> JSONRPCMessage {
        .notification(method: ACPMethod.sessionUpdate, params: ["sessionId": .string(sessionId), "update": update])
    }

    /// The `session/update` notification carrying `update` for `sessionId`.
    public static func notification(sessionId: String, update: some SessionUpdatePayload) -> JSONRPCMessage {
        notification(sessionId: sessionId, update: update.json)
    }
}
