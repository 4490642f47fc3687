public import ACP
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import SandboxAgentAPI

/// The `/v1/sessions` operations: server-side agent sessions, their transcripts and permission requests.
extension SandboxAgentClient {
    /// `POST /v1/sessions`: starts the agent, runs the ACP handshake and returns the `active` session.
    public func createSession(_ request: SessionCreateRequest) async throws -> Session {
        try await decode(send(.POST, "/v1/sessions", body: .json(request)))
    }

    /// `GET /v1/sessions`: one page of live and ended sessions, in creation order.
    ///
    /// - Parameters:
    ///   - cursor: `nextCursor` of the previous page; nil for the first page.
    ///   - limit: Page size, 1...500 (server default 50).
    public func listSessions(cursor: String? = nil, limit: Int? = nil) async throws -> SessionListResponse {
        try await decode(send(.GET, "/v1/sessions", query: ["cursor": cursor, "limit": limit.map(String.init)]))
    }

    /// `GET /v1/sessions/{id}`: one session, live or ended.
    public func session(id: String) async throws -> Session {
        try await decode(send(.GET, Self.sessionPath(id)))
    }

    /// `DELETE /v1/sessions/{id}`: stops the agent and returns the `ended` session (the transcript is kept).
    @discardableResult
    public func deleteSession(id: String) async throws -> Session {
        try await decode(send(.DELETE, Self.sessionPath(id)))
    }

    /// `POST /v1/sessions/{id}/resume`: starts a new agent process for an ended session.
    @discardableResult
    public func resumeSession(id: String) async throws -> Session {
        try await decode(send(.POST, Self.sessionPath(id, "resume")))
    }

    /// `POST /v1/sessions/{id}/prompt`: runs one turn with a text prompt and returns its stop reason
    /// once it ends (no deadline). Progress is in the transcript (``followEvents(sessionId:offset:lastEventId:)``).
    public func prompt(sessionId: String, text: String) async throws -> StopReason {
        try await prompt(sessionId: sessionId, content: .string(text))
    }

    /// `POST /v1/sessions/{id}/prompt`: runs one turn with ACP content blocks (or a string) and returns
    /// its stop reason once it ends.
    public func prompt(sessionId: String, content: JSONValue) async throws -> StopReason {
        let result: PromptResult = try await decode(
            send(.POST, Self.sessionPath(sessionId, "prompt"), body: .json(PromptBody(prompt: content))))
        return result.stopReason
    }

    /// `POST /v1/sessions/{id}/prompt?wait=false`: starts a turn and returns as soon as it has started (202).
    public func promptAsync(sessionId: String, text: String) async throws {
        try await promptAsync(sessionId: sessionId, content: .string(text))
    }

    /// `POST /v1/sessions/{id}/prompt?wait=false` with ACP content blocks (or a string).
    public func promptAsync(sessionId: String, content: JSONValue) async throws {
        _ = try await collect(
            send(.POST, Self.sessionPath(sessionId, "prompt"), query: ["wait": "false"], body: .json(PromptBody(prompt: content))))
    }

    /// `POST /v1/sessions/{id}/cancel`: cancels the running turn (it ends `cancelled`) and answers every
    /// pending permission request `cancelled`.
    @discardableResult
    public func cancel(sessionId: String) async throws -> Session {
        try await decode(send(.POST, Self.sessionPath(sessionId, "cancel")))
    }

    /// `POST /v1/sessions/{id}/mode`: switches the mode (ACP `session/set_mode`).
    @discardableResult
    public func setMode(sessionId: String, modeId: String) async throws -> Session {
        try await decode(send(.POST, Self.sessionPath(sessionId, "mode"), body: .json(["modeId": modeId])))
    }

    /// `POST /v1/sessions/{id}/config`: sets one config option (ACP `session/set_config_option`) and
    /// returns the complete list of options afterwards.
    @discardableResult
    public func setConfigOption(sessionId: String, configId: String, value: JSONValue) async throws -> [JSONValue] {
        let body: JSONValue = ["configId": .string(configId), "value": value]
        let response: ConfigResponse = try await decode(send(.POST, Self.sessionPath(sessionId, "config"), body: .json(body)))
        return response.configOptions
    }

    /// `GET /v1/sessions/{id}/permissions`: the permission requests waiting for an answer, oldest first.
    public func pendingPermissions(sessionId: String) async throws -> [PermissionRequest] {
        let list: PermissionListResponse = try await decode(send(.GET, Self.sessionPath(sessionId, "permissions")))
        return list.permissions
    }

    /// `POST /v1/sessions/{id}/permissions/{permissionId}`: answers a pending permission request and
    /// returns the option sent to the agent.
    @discardableResult
    public func answerPermission(
        sessionId: String, permissionId: String, reply: PermissionReply
    ) async throws -> PermissionReplyResponse {
        let body = PermissionReplyRequest(reply)
        return try await decode(send(.POST, Self.sessionPath(sessionId, "permissions", Self.escape(permissionId)), body: .json(body)))
    }

    /// `GET /v1/sessions/{id}/questions`: the agent's questions waiting for an answer, oldest first.
    public func pendingQuestions(sessionId: String) async throws -> [Question] {
        let list: QuestionListResponse = try await decode(send(.GET, Self.sessionPath(sessionId, "questions")))
        return list.questions
    }

    /// `POST /v1/sessions/{id}/questions/{questionId}`: answers (or declines, or cancels) a question;
    /// the server checks the answers against the question's form.
    @discardableResult
    public func answerQuestion(sessionId: String, questionId: String, answer: QuestionAnswer) async throws -> QuestionResolution {
        let body = QuestionAnswerRequest(answer)
        return try await decode(send(.POST, Self.sessionPath(sessionId, "questions", Self.escape(questionId)), body: .json(body)))
    }

    /// `GET /v1/sessions/{id}/events`: a page of the transcript from `offset` (server defaults: 0 and
    /// 100, at most 1000). Each event's ``SessionEvent/payloadJSON`` is the text the server sent.
    public func events(sessionId: String, offset: Int64? = nil, limit: Int? = nil) async throws -> SessionEventPage {
        let response = try await send(
            .GET, Self.sessionPath(sessionId, "events"),
            query: ["offset": offset.map(String.init), "limit": limit.map(String.init)])
        let buffer = try await collect(response)
        do {
            return try SessionEventPage(jsonText: Array(buffer.readableBytesView))
        } catch {
            throw SandboxAgentClientError(invalidResponse: error, status: Int(response.status.code))
        }
    }

    /// `GET /v1/sessions/{id}/events/stream`: replays the transcript from `offset` (or after
    /// `lastEventId`), then streams new events live.
    ///
    /// The stream stays open after the session ends (a resume continues it); it ends when the server
    /// closes the connection and is ended by the consumer by cancelling its task or dropping the
    /// iterator. Heartbeat comments are skipped. Request errors (such as an unknown id) are thrown by
    /// the stream.
    ///
    /// - Parameters:
    ///   - offset: First `eventIndex` to send.
    ///   - lastEventId: Resume after this `eventIndex`, as on reconnect (`Last-Event-ID`).
    public func followEvents(
        sessionId: String, offset: Int64? = nil, lastEventId: Int64? = nil
    ) -> AsyncThrowingStream<SessionEvent, any Error> {
        let headers = HTTPHeaders(
            [("Accept", "text/event-stream")] + (lastEventId.map { [("Last-Event-ID", String($0))] } ?? []))
        let path = Self.sessionPath(sessionId, "events", "stream")
        let query: KeyValuePairs<String, String?> = ["offset": offset.map(String.init)]
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await send(.GET, path, query: query, headers: headers)
                    var parser = ServerSentEventParser()
                    try await forEachChunk(of: response) { chunk in
                        for event in parser.parse(chunk) where event.event == nil || event.event == "message" {
                            do {
                                continuation.yield(try SessionEvent(jsonText: Array(event.data.utf8)))
                            } catch {
                                throw SandboxAgentClientError(invalidResponse: error, status: Int(response.status.code))
                            }
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// `/v1/sessions/{id}` followed by `components`, with the id percent-encoded.
    static func sessionPath(_ id: String, _ components: String...) -> String {
        (["/v1/sessions", escape(id)] + components).joined(separator: "/")
    }
}

private struct PromptBody: Encodable {
    var prompt: JSONValue
}

private struct PromptResult: Decodable {
    var stopReason: StopReason
}

private struct ConfigResponse: Decodable {
    var configOptions: [JSONValue]
}
