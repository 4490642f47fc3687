/// The client's answer to `elicitation/create` (schema `CreateElicitationResponse`): what the user
/// did and, when they accepted a form, their answers. Written by the session engine, read by the
/// native drivers and the mock agent.
public struct ElicitationCreateResult: Codable, Sendable, Equatable {
    /// ACP's `ElicitationAction`.
    public enum Action: String, Codable, Sendable, Equatable {
        case accept, decline, cancel
    }

    public var action: Action
    /// `accept` in form mode: the answers, shaped by the request's `requestedSchema`.
    public var content: JSONValue?

    public init(action: Action, content: JSONValue? = nil) {
        self.action = action
        self.content = content
    }

    /// The result a client answered with; nil for no answer (an error, the turn cancelled) or an
    /// answer that is not an elicitation result, which every reader takes as `cancel`.
    public init?(answer: JSONValue?) {
        guard let answer, let result = try? answer.decoded(as: Self.self) else { return nil }
        self = result
    }
}
