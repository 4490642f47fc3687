public import ACP

/// A question an agent asks the human (`Question` in the OpenAPI document): an ACP
/// `elicitation/create`, or a native agent's question tool translated to one, held until answered,
/// declined, cancelled or timed out. `GET /v1/sessions/{id}/questions` lists them.
public struct Question: Codable, Sendable, Equatable {
    /// One question of the form (`QuestionItem`), for clients that show choices rather than a JSON schema.
    public struct Item: Codable, Sendable, Equatable {
        /// The key its answer goes under in `answers`.
        public var id: String
        public var header: String?
        public var text: String
        /// `string`, `number`, `integer`, `boolean` or `array` (multiple choice).
        public var type: String
        public var multiSelect: Bool?
        public var required: Bool
        public var options: [Option]?

        public init(
            id: String, header: String? = nil, text: String, type: String, multiSelect: Bool? = nil, required: Bool,
            options: [Option]? = nil
        ) {
            self.id = id
            self.header = header
            self.text = text
            self.type = type
            self.multiSelect = multiSelect
            self.required = required
            self.options = options
        }
    }

    /// One choice: `label` is the value to answer with.
    public struct Option: Codable, Sendable, Equatable {
        public var label: String
        public var description: String?

        public init(label: String, description: String? = nil) {
            self.label = label
            self.description = description
        }
    }

    /// Server-assigned id, for example `q_1`.
    public var id: String
    public var sessionId: String
    public var createdAt: Int64
    /// When it is cancelled if nobody answers (epoch ms).
    public var expiresAt: Int64
    public var message: String
    /// `form` (answer with `answers`) or `url` (the user visits `url`, then accepts or declines).
    public var mode: String
    public var questions: [Item]?
    /// The ACP form's JSON schema (`requestedSchema`), as the agent sent it.
    public var requestedSchema: JSONValue?
    public var url: String?
    public var elicitationId: String?
    public var toolCallId: String?

    public init(
        id: String, sessionId: String, createdAt: Int64, expiresAt: Int64, message: String, mode: String,
        questions: [Item]? = nil, requestedSchema: JSONValue? = nil, url: String? = nil, elicitationId: String? = nil,
        toolCallId: String? = nil
    ) {
        self.id = id
        self.sessionId = sessionId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.message = message
        self.mode = mode
        self.questions = questions
        self.requestedSchema = requestedSchema
        self.url = url
        self.elicitationId = elicitationId
        self.toolCallId = toolCallId
    }
}

/// `GET /v1/sessions/{id}/questions`.
public struct QuestionListResponse: Codable, Sendable, Equatable {
    public var questions: [Question]
    public init(questions: [Question]) { self.questions = questions }
}

/// How a question ended (`POST /v1/sessions/{id}/questions/{questionId}` and the
/// `_sandboxagent/question/resolved` notification): ACP's elicitation result plus who ended it.
public struct QuestionResolution: Codable, Sendable, Equatable {
    /// ACP's elicitation action (open to values a newer server adds: ``OpenEnumeration``).
    public enum Action: OpenEnumeration {
        case accept, decline, cancel
        /// An action this build does not know.
        case unknown(String)

        public static let allCases: [Self] = [.accept, .decline, .cancel]

        public var rawValue: String {
            switch self {
            case .accept: "accept"
            case .decline: "decline"
            case .cancel: "cancel"
            case .unknown(let value): value
            }
        }
    }

    public var id: String
    public var action: Action
    /// The validated answers the agent received (form mode, `accept`).
    public var content: JSONValue?
    /// `client`, `cancel` (the turn was cancelled), `timeout`, `session_end`.
    public var by: String

    public init(id: String, action: Action, content: JSONValue? = nil, by: String) {
        self.id = id
        self.action = action
        self.content = content
        self.by = by
    }
}
