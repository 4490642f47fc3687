public import ACP

/// A human's answer to a question.
public enum QuestionAnswer: Sendable, Equatable {
    /// Form mode: the answers by question id; URL mode: nil (the user went through the URL).
    case accept([String: JSONValue]?)
    case decline
    case cancel
}

/// Body of `POST /v1/sessions/{id}/questions/{questionId}` (`QuestionAnswerRequest`):
/// `{answers: {...}}` accepts (form mode), `{action: "decline"|"cancel"}` refuses; a URL-mode
/// question is accepted with `{action: "accept"}`.
public struct QuestionAnswerRequest: Codable, Sendable, Equatable {
    public var answers: [String: JSONValue]?
    public var action: String?

    public init(answers: [String: JSONValue]? = nil, action: String? = nil) {
        self.answers = answers
        self.action = action
    }

    /// The body that sends `answer`.
    public init(_ answer: QuestionAnswer) {
        switch answer {
        case .accept(let answers?): self.init(answers: answers)
        case .accept(nil): self.init(action: "accept")
        case .decline: self.init(action: "decline")
        case .cancel: self.init(action: "cancel")
        }
    }

    /// Why a body is not an answer.
    public struct Invalid: Error, Sendable, Equatable {
        public var message: String
    }

    /// The answer this body gives; ``Invalid`` for contradicting or unknown fields.
    public func answer() throws(Invalid) -> QuestionAnswer {
        switch (action, answers) {
        case (nil, let answers?), ("accept", let answers?): return .accept(answers)
        case ("accept", nil): return .accept(nil)
        case ("decline", nil): return .decline
        case ("cancel", nil): return .cancel
        case (let action?, _?) where action == "decline" || action == "cancel":
            throw Invalid(message: "'answers' goes with action accept, not \(action)")
        case (let action?, _): throw Invalid(message: "action must be accept, decline or cancel, got '\(action)'")
        case (nil, nil): throw Invalid(message: "send 'answers' (an object keyed by question id) or 'action' (decline|cancel)")
        }
    }
}
