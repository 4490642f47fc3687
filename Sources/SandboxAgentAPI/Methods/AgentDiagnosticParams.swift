/// The params of `_sandboxagent/agent/diagnostic` (``SandboxAgentMethod/agentDiagnostic``):
/// something about the agent a person should know, which is not part of the conversation.
public struct AgentDiagnosticParams: Codable, Sendable, Equatable {
    /// What happened: `invalid_stdout` (a line that is not JSON-RPC, in `raw`), `oversized_line`
    /// (a line over the framing limit, `bytes` long), `cancel_ignored` (the agent did not end a
    /// cancelled turn), `question_timeout` (`questionId` got no answer) or
    /// `codex_sandbox_unavailable` (with a `remedy`).
    public var kind: String
    /// The same for a person.
    public var message: String
    /// How to fix it, when there is a way.
    public var remedy: String?
    /// The start of the offending line (`invalid_stdout`, at most 4096 characters).
    public var raw: String?
    /// The size of the dropped line (`oversized_line`).
    public var bytes: Int?
    /// The question that timed out (`question_timeout`).
    public var questionId: String?

    public init(kind: String, message: String, remedy: String? = nil, raw: String? = nil, bytes: Int? = nil, questionId: String? = nil) {
        self.kind = kind
        self.message = message
        self.remedy = remedy
        self.raw = raw
        self.bytes = bytes
        self.questionId = questionId
    }
}
