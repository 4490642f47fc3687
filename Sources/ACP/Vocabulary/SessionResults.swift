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
    /// The turn's token counts.
    public var usage: TurnUsage?

    public init(stopReason: String, usage: TurnUsage? = nil) {
        self.stopReason = stopReason
        self.usage = usage
    }

    private enum CodingKeys: String, CodingKey { case stopReason, usage }

    /// Reads `usage` leniently: an agent's counts that do not fit ACP's `Usage` are left out, and
    /// the turn's stop reason still counts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stopReason = try container.decode(String.self, forKey: .stopReason)
        usage = try? container.decodeIfPresent(TurnUsage.self, forKey: .usage)
    }
}

/// What one turn used (ACP's `Usage`, the `usage` of a `session/prompt` response): input tokens
/// include the cached ones, which are also counted apart; total is input plus output.
public struct TurnUsage: Codable, Sendable, Equatable {
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var totalTokens: Int64
    /// Input tokens read from the provider's cache.
    public var cachedReadTokens: Int64?
    /// Input tokens written to the provider's cache.
    public var cachedWriteTokens: Int64?
    /// Output tokens spent on reasoning.
    public var thoughtTokens: Int64?

    public init(
        inputTokens: Int64, outputTokens: Int64, totalTokens: Int64, cachedReadTokens: Int64? = nil, cachedWriteTokens: Int64? = nil,
        thoughtTokens: Int64? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens
        self.cachedReadTokens = cachedReadTokens
        self.cachedWriteTokens = cachedWriteTokens
        self.thoughtTokens = thoughtTokens
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
