/// The params of `session/request_permission` (schema `RequestPermissionRequest`): may the agent
/// run this tool call? Written by the native drivers and the mock agent.
public struct RequestPermissionParams: Codable, Sendable, Equatable {
    public var sessionId: String
    /// The `ToolCallUpdate` asked about (`toolCallId`, `title`, `kind`, `rawInput`, …), passed through.
    public var toolCall: JSONValue
    /// The `PermissionOption`s offered (`optionId`, `name`, `kind`), passed through.
    public var options: [JSONValue]

    public init(sessionId: String, toolCall: JSONValue, options: [JSONValue]) {
        self.sessionId = sessionId
        self.toolCall = toolCall
        self.options = options
    }
}

/// The params of `elicitation/create` (ACP's elicitation: schema `CreateElicitationRequest`): ask
/// the user for structured input (`form` mode) or to visit a page (`url` mode). Written by the
/// native drivers and the mock agent.
public struct ElicitationCreateParams: Codable, Sendable, Equatable {
    public var sessionId: String
    /// The tool call that asks, if any.
    public var toolCallId: String?
    /// `form` (answered with content fitting `requestedSchema`) or `url`. Read leniently: absent
    /// means `form` when `requestedSchema` is given (``effectiveMode``), as agents built on ACP's
    /// SDK helpers that leave defaults out send it.
    public var mode: String?
    public var message: String
    /// Form mode: the JSON schema of the answer.
    public var requestedSchema: JSONValue?
    /// URL mode: the page to visit.
    public var url: String?
    /// URL mode: the elicitation's id.
    public var elicitationId: String?

    public init(
        sessionId: String, toolCallId: String? = nil, mode: String?, message: String, requestedSchema: JSONValue? = nil, url: String? = nil,
        elicitationId: String? = nil
    ) {
        self.sessionId = sessionId
        self.toolCallId = toolCallId
        self.mode = mode
        self.message = message
        self.requestedSchema = requestedSchema
        self.url = url
        self.elicitationId = elicitationId
    }
}

extension ElicitationCreateParams {
    /// `mode`, or `form` when it is absent and a `requestedSchema` is given; nil when neither says.
    public var effectiveMode: String? {
        mode ?? (requestedSchema != nil ? "form" : nil)
    }
}
