public import ACP

/// A question an agent asks the human (an ACP `elicitation/create`, or a native agent's question
/// tool translated to one), held until answered, declined, cancelled or timed out.
public struct QuestionRequest: Sendable, Encodable {
    /// One question of the form, for clients that show choices rather than a JSON schema.
    public struct Item: Sendable, Encodable, Equatable {
        /// The key its answer goes under in `answers`.
        public var id: String
        public var header: String?
        public var text: String
        /// `string`, `number`, `integer`, `boolean` or `array` (multiple choice).
        public var type: String
        public var multiSelect: Bool?
        public var required: Bool
        public var options: [Option]?
    }

    /// One choice: `label` is the value to answer with.
    public struct Option: Sendable, Encodable, Equatable {
        public var label: String
        public var description: String?
    }

    public var id: String
    public var sessionId: String
    public var createdAt: Int64
    /// When it is cancelled if nobody answers (epoch ms).
    public var expiresAt: Int64
    public var message: String
    /// `form` (answer with `answers`) or `url` (the user visits `url`, then accepts or declines).
    public var mode: String
    public var questions: [Item]?
    /// The ACP form's JSON schema, as the agent sent it.
    public var requestedSchema: JSONValue?
    public var url: String?
    public var elicitationId: String?
    public var toolCallId: String?
}

/// How a question ended: ACP's elicitation result plus who ended it.
public struct QuestionResolution: Sendable, Encodable, Equatable {
    public enum Action: String, Sendable, Encodable {
        case accept, decline, cancel
    }

    public var id: String
    public var action: Action
    /// The validated answers (form mode, `accept`).
    public var content: JSONValue?
    /// `client`, `cancel` (the turn was cancelled), `timeout`, `session_end`.
    public var by: String
}
