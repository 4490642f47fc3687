public import ACP

/// A question an agent asks the human (`GET /v1/sessions/{id}/questions`): a form of questions
/// with choices, or a URL to visit.
public struct Question: Codable, Sendable, Equatable {
    /// One question of the form; answer it under its `id`.
    public struct Item: Codable, Sendable, Equatable {
        public var id: String
        public var header: String?
        public var text: String
        /// `string`, `number`, `integer`, `boolean` or `array` (multiple choice).
        public var type: String
        public var multiSelect: Bool?
        public var required: Bool
        public var options: [Option]?
    }

    /// One choice; answer with its `label`.
    public struct Option: Codable, Sendable, Equatable {
        public var label: String
        public var description: String?
    }

    /// Server-assigned id, for example `q_1`.
    public var id: String
    public var sessionId: String
    public var createdAt: Int64
    /// When the server cancels it if nobody answers (epoch ms).
    public var expiresAt: Int64
    public var message: String
    /// `form` or `url`.
    public var mode: String
    public var questions: [Item]?
    /// The agent's JSON schema of the form (ACP `requestedSchema`).
    public var requestedSchema: JSONValue?
    public var url: String?
    public var elicitationId: String?
    public var toolCallId: String?
}

/// `GET /v1/sessions/{id}/questions`.
public struct QuestionListResponse: Codable, Sendable, Equatable {
    public var questions: [Question]
    public init(questions: [Question]) { self.questions = questions }
}

/// An answer to a question.
public enum QuestionAnswer: Sendable, Equatable {
    /// Answers by question id (form mode), or nil to accept a URL question.
    case accept([String: JSONValue]?)
    case decline
    case cancel
}

/// How a question ended (`POST /v1/sessions/{id}/questions/{questionId}`).
public struct QuestionResolution: Codable, Sendable, Equatable {
    public var id: String
    /// `accept`, `decline` or `cancel`.
    public var action: String
    /// The answers the agent received.
    public var content: JSONValue?
    /// `client`, `cancel`, `timeout`, `session_end`.
    public var by: String
}
