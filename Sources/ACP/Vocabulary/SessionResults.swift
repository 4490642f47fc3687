/// The result of `session/new` (schema `NewSessionResponse`): the agent's id of the new session
/// and its state.
public struct NewSessionResult: Codable, Sendable, Equatable {
    public var sessionId: String
    /// `SessionModeState` (`currentModeId`, `availableModes`), passed through.
    public var modes: JSONValue?
    /// `SessionConfigOption`s, passed through.
    public var configOptions: JSONValue?

    public init(sessionId: String, modes: JSONValue? = nil, configOptions: JSONValue? = nil) {
        self.sessionId = sessionId
        self.modes = modes
        self.configOptions = configOptions
    }
}

/// The result of `session/prompt` (schema `PromptResponse`): why the turn ended and what it used.
public struct PromptResult: Codable, Sendable, Equatable {
    /// `end_turn`, `max_tokens`, `max_turn_requests`, `refusal` or `cancelled`.
    public var stopReason: String
    /// The turn's token counts (`inputTokens`, `outputTokens`, `totalTokens`, …), passed through.
    public var usage: JSONValue?

    public init(stopReason: String, usage: JSONValue? = nil) {
        self.stopReason = stopReason
        self.usage = usage
    }
}

/// The result of `session/load` (schema `LoadSessionResponse`): the loaded session's state.
public struct LoadSessionResult: Codable, Sendable, Equatable {
    /// `SessionModeState` (`currentModeId`, `availableModes`), passed through.
    public var modes: JSONValue?
    /// `SessionConfigOption`s, passed through.
    public var configOptions: JSONValue?

    public init(modes: JSONValue? = nil, configOptions: JSONValue? = nil) {
        self.modes = modes
        self.configOptions = configOptions
    }
}
