import ACP
public import SandboxAgentAPI
import SessionStore

/// A question waiting for its answer.
struct PendingQuestion {
    var request: Question
    /// The parsed form (form mode); nil in URL mode.
    var form: QuestionForm?
    var continuation: CheckedContinuation<QuestionResolution, Never>
}

extension AgentSession {
    /// The questions waiting for a human, oldest first.
    public var pendingQuestions: [Question] {
        questions.values.map(\.request).sorted { $0.createdAt < $1.createdAt || ($0.createdAt == $1.createdAt && $0.id < $1.id) }
    }

    /// Answers a pending question; the agent gets the validated answers (or the decline/cancel).
    /// After the session ended nothing is answered (409) and nothing is recorded.
    public func answerQuestion(_ id: String, _ answer: QuestionAnswer) throws(AgentSessionError) -> QuestionResolution {
        guard record.status != .ended else {
            throw AgentSessionError(.conflict, "session \(record.id) has ended; question \(id) can no longer be answered")
        }
        guard let pending = questions[id] else {
            if answeredQuestions.contains(id) { throw AgentSessionError(.conflict, "question \(id) was already answered") }
            throw AgentSessionError(.questionNotFound, "no pending question \(id) in session \(record.id)")
        }
        switch answer {
        case .accept(let answers):
            guard let form = pending.form else {
                guard answers == nil else { throw AgentSessionError(.invalidRequest, "question \(id) asks the user to visit a URL; accept it without answers") }
                return resolveQuestion(id, action: .accept, content: nil, by: "client")
            }
            guard let answers else { throw AgentSessionError(.invalidRequest, "question \(id) needs 'answers' (or action decline|cancel)") }
            switch form.validate(answers) {
            case .success(let content): return resolveQuestion(id, action: .accept, content: content, by: "client")
            case .failure(let error): throw AgentSessionError(.invalidRequest, error.message)
            }
        case .decline:
            return resolveQuestion(id, action: .decline, content: nil, by: "client")
        case .cancel:
            return resolveQuestion(id, action: .cancel, content: nil, by: "client")
        }
    }

    /// Serves `elicitation/create`: holds it until answered, cancelled, timed out, or the session ends.
    func createElicitation(_ params: ElicitationCreateParams) async -> Result<JSONValue, JSONRPCError> {
        var form: QuestionForm?
        let mode: String
        switch params.effectiveMode {
        case "form"?:
            switch QuestionForm.parse(params.requestedSchema) {
            case .success(let parsed): form = parsed
            case .failure(let error): return .failure(.invalidParams(error.message))
            }
            mode = "form"
        case "url"?:
            guard params.url != nil else { return .failure(.invalidParams("elicitation/create in url mode needs a url")) }
            mode = "url"
        default:
            return .failure(.invalidParams("elicitation/create needs mode form (with requestedSchema) or url"))
        }
        let id = "q_\(nextQuestion)"
        nextQuestion += 1
        let now = EventLog.nowMs()
        let timeout = services.questionTimeout
        let request = Question(
            id: id, sessionId: record.id, createdAt: now, expiresAt: now + timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000,
            message: params.message, mode: mode, questions: form?.questions,
            requestedSchema: mode == "form" ? params.requestedSchema : nil, url: params.url,
            elicitationId: params.elicitationId, toolCallId: params.toolCallId)
        log.appendServerNotification(SandboxAgentMethod.questionRequested, request)
        Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expireQuestion(id, after: timeout)
        }
        let resolution = await withCheckedContinuation { continuation in
            questions[id] = PendingQuestion(request: request, form: form, continuation: continuation)
        }
        let action = ElicitationCreateResult.Action(rawValue: resolution.action.rawValue) ?? .cancel
        return .success(JSONValue(encoding: ElicitationCreateResult(action: action, content: resolution.content)))
    }

    /// Answers every pending question `cancel` (on `session/cancel` and when the session ends).
    func cancelAllQuestions(by cause: String) {
        for id in questions.keys.sorted() {
            resolveQuestion(id, action: .cancel, content: nil, by: cause)
        }
    }

    private func expireQuestion(_ id: String, after timeout: Duration) {
        guard questions[id] != nil else { return }
        resolveQuestion(id, action: .cancel, content: nil, by: "timeout")
        log.appendServerNotification(
            SandboxAgentMethod.agentDiagnostic,
            AgentDiagnosticParams(kind: "question_timeout", message: "question \(id) got no answer within \(timeout); it was cancelled", questionId: id))
    }

    @discardableResult
    private func resolveQuestion(_ id: String, action: QuestionResolution.Action, content: JSONValue?, by cause: String) -> QuestionResolution {
        let resolution = QuestionResolution(id: id, action: action, content: content, by: cause)
        guard let pending = questions.removeValue(forKey: id) else { return resolution }
        answeredQuestions.insert(id)
        let params = QuestionResolvedParams(resolution: resolution, toolCallId: pending.request.toolCallId)
        log.appendServerNotification(SandboxAgentMethod.questionResolved, params)
        pending.continuation.resume(returning: resolution)
        return resolution
    }
}
