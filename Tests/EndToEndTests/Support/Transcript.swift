import ACP
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// A session's transcript read through the typed client: each event's JSON-RPC message parsed, and
/// ACP's updates and results and the server's `_sandboxagent/*` params decoded into their types.
/// (`SessionAPI`'s dictionaries remain for tests about the raw shape of events.)
struct Transcript: Sendable {
    /// One event's sender and message.
    struct Entry: Sendable {
        let sender: EventSender
        let message: JSONRPCMessage
    }

    let events: [SessionEvent]
    let entries: [Entry]

    init(_ events: [SessionEvent]) {
        self.events = events
        entries = events.compactMap { event in
            (try? JSONRPCMessage.parse(event.payloadJSON)).map { Entry(sender: event.sender, message: $0) }
        }
    }

    /// Every event of `sessionId` from `offset` on, paging through `GET …/events`.
    static func read(_ sessionId: String, from client: SandboxAgentClient, offset: Int64 = 0) async throws -> Transcript {
        var events: [SessionEvent] = []
        var offset = offset
        while true {
            let page = try await client.events(sessionId: sessionId, offset: offset, limit: 1000)
            events += page.items
            guard !page.items.isEmpty else { return Transcript(events) }
            offset = page.nextOffset
        }
    }

    /// The `session/update` updates of type `Payload`, in order.
    func updates<Payload: SessionUpdatePayload>(_: Payload.Type) -> [Payload] {
        entries.compactMap { entry in
            guard case .notification(ACPMethod.sessionUpdate, let params) = entry.message else { return nil }
            return Payload(params?["update"])
        }
    }

    /// The agent's message text, its chunks concatenated.
    var agentText: String {
        updates(ContentChunk<AgentMessageRole>.self).compactMap { $0.content["text"]?.stringValue }.joined()
    }

    /// The params of the server's `method` notifications as `Params`; params that do not decode
    /// as `Params` throw, naming the member at fault.
    func notifications<Params: Decodable>(_ method: String, as _: Params.Type) throws -> [Params] {
        try entries.compactMap { entry in
            guard entry.sender == .server, case .notification(method, let params) = entry.message else { return nil }
            return try (params ?? [:]).decoded(as: Params.self)
        }
    }

    /// The requests named `method` that `sender` sent: their ids and params.
    func requests(_ method: String, from sender: EventSender) -> [(id: JSONRPCID, params: JSONValue?)] {
        entries.compactMap { entry in
            guard entry.sender == sender, case .request(let id, method, let params) = entry.message else { return nil }
            return (id, params)
        }
    }

    /// The answer `sender` gave to request `id` of the other side, if it has.
    func response(to id: JSONRPCID, from sender: EventSender) -> Result<JSONValue, JSONRPCError>? {
        entries.lazy.compactMap { entry -> Result<JSONValue, JSONRPCError>? in
            guard entry.sender == sender, case .response(id, let result) = entry.message else { return nil }
            return result
        }.first
    }

    /// The agent's answers to the client's `session/prompt` requests, in order (errors as such).
    var promptResults: [Result<PromptResult, JSONRPCError>] {
        let promptIDs = Set(requests(ACPMethod.sessionPrompt, from: .client).map(\.id))
        // The server's answers to the agent's own requests (`fs/*`, `terminal/*`) count their ids
        // separately and may carry the same id: only the agent's responses are answers to prompts.
        return entries.compactMap { entry in
            guard entry.sender == .agent, case .response(let id, let result) = entry.message, promptIDs.contains(id) else { return nil }
            return result.flatMap { value in
                Result { () throws(JSONRPCError) in try value.decoded(as: PromptResult.self) }
            }
        }
    }
}

extension SandboxAgentClient {
    /// Creates a session of `agent` (the mock by default) in `cwd` and returns its id.
    func createTestSession(agent: String = "mock", cwd: String = FileManager.default.temporaryDirectory.path) async throws -> String {
        try await createSession(SessionCreateRequest(agent: agent, cwd: cwd)).id
    }

    /// Waits until the session has a question pending and returns the oldest.
    func firstPendingQuestion(sessionId: String) async throws -> Question {
        var found: Question?
        _ = try await eventually { found = try await pendingQuestions(sessionId: sessionId).first; return found != nil }
        guard let found else { throw TestFailure("no question appeared in session \(sessionId)") }
        return found
    }

    /// Waits until the agent has answered the session's last prompt and returns that answer's stop reason.
    func lastStopReason(sessionId: String) async throws -> String {
        var reason: String?
        _ = try await eventually {
            let transcript = try await Transcript.read(sessionId, from: self)
            let prompts = transcript.requests(ACPMethod.sessionPrompt, from: .client).count
            let results = transcript.promptResults
            guard prompts > 0, results.count == prompts else { return false }
            reason = (try? results[prompts - 1].get())?.stopReason ?? "error"
            return true
        }
        guard let reason else { throw TestFailure("the prompt of session \(sessionId) was not answered") }
        return reason
    }
}
