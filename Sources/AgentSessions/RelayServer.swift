public import ACP
import Foundation
public import SandboxAgentAPI
import SessionStore
import Synchronization

/// An upstream-compatible ACP relay (`/v1/acp/{server_id}`): the HTTP client speaks ACP itself,
/// one envelope per POST, and reads the agent's messages from an SSE stream. The traffic is
/// recorded like any session's, so `/v1/sessions/{server_id}/events` shows the same transcript.
public final class RelayServer: Sendable {
    public let serverId: String
    public let agent: String
    public let createdAtMs: Int64
    public let log: EventLog
    private let connection: AgentConnection
    private let transport: any AgentTransport
    private let requestTimeout: Duration
    private let store: any SessionStore
    /// Adds the directory configuration to the client's `session/new` and `session/load`.
    private let config: RelaySessionConfig
    /// The ACP sessions the agent made or loaded (for upstream's `session_id`), whether `close()`
    /// ended it, and the server's stored record.
    private let state: Mutex<(sessionIds: [String], closed: Bool, record: SessionRecord)>

    init(
        record: SessionRecord, store: any SessionStore, log: EventLog, transport: any AgentTransport, config: RelaySessionConfig,
        requestTimeout: Duration
    ) {
        self.serverId = record.id
        self.config = config
        self.agent = record.agent
        self.createdAtMs = EventLog.nowMs()
        self.store = store
        self.state = Mutex(([], false, record))
        self.log = log
        self.transport = transport
        self.connection = AgentConnection(transport: transport, log: log)
        self.requestTimeout = requestTimeout
    }

    /// Pumps the agent until it is gone, then reports the end like a session does.
    func run() async {
        let exit = await connection.run(handler: nil) { _, _ in }
        let (sessionIds, closed, stored) = state.withLock { ($0.sessionIds, $0.closed, $0.record) }
        var record = stored
        // One notification per ACP session, as upstream sends it to each session's subscribers.
        for sessionId in sessionIds.isEmpty ? [nil] : sessionIds.map(Optional.some) {
            log.appendServerNotification(SandboxAgentMethod.sessionEnded, RelayEnded.params(exit, sessionId: sessionId, closed: closed))
        }
        record.status = .ended
        record.endedAt = EventLog.nowMs()
        record.endReason = record.endReason ?? "agent_exited"
        try? await store.saveSession(record)
    }

    /// Relays one envelope. A request waits for the agent's response (without a deadline for
    /// `session/prompt`) and returns its exact line; anything else returns nil (HTTP 202).
    /// `session/new` and `session/load` get the configuration of their `cwd` first; when it had
    /// any and the agent accepted, the transcript (and so the SSE stream) gets
    /// `_sandboxagent/session/config_applied` with the session's id.
    public func post(_ body: String) async throws(AgentSessionError) -> String? {
        var message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(body)
        } catch {
            throw AgentSessionError(.invalidRequest, "the body is not a JSON-RPC 2.0 envelope: \(error.data?.stringValue ?? error.message)", cause: error)
        }
        let timeout: Duration? = message.method == ACPMethod.sessionPrompt ? nil : requestTimeout
        // One line on the wire: re-encode only when the client's JSON spans several lines or the
        // configuration added MCP servers.
        var line = body.contains("\n") ? message.line() : body
        let prepared = await config.prepare(message)
        if let prepared, prepared.request != message {
            message = prepared.request
            line = message.line()
        }
        let response = try await connection.forward(message, line: line, timeout: timeout)
        let opened = noteSession(of: message, response: response)
        if let record = opened.record { try? await store.saveSession(record) }
        if let applied = prepared?.applied, let sessionId = opened.sessionId, opened.accepted {
            log.appendServerNotification(SandboxAgentMethod.sessionConfigApplied, applied.notification(sessionId: sessionId))
        }
        return response
    }

    /// Records a request the server answers itself (an `_sandboxagent/*` extension method) and
    /// its answer in the transcript; returns the answer's line.
    public func answerLocally(_ request: JSONRPCMessage, body: String, with response: JSONRPCMessage) -> String {
        log.append(.client, body.contains("\n") ? request.line() : body)
        let line = response.line()
        log.append(.server, line)
        return line
    }

    /// Remembers the session id of a `session/new` answer or a `session/load` request. Returns
    /// that id, whether the agent answered with a result, and the record to store when this first
    /// session gives the server its working directory. Params and result are read as ACP's typed
    /// ones; a message that does not fit them names no session.
    private func noteSession(of message: JSONRPCMessage, response: String?) -> (sessionId: String?, accepted: Bool, record: SessionRecord?) {
        let answer = response.flatMap { try? JSONRPCMessage.parse($0) }
        let result: JSONValue?
        if case .response(_, .success(let value))? = answer { result = value } else { result = nil }
        let id: String?, cwd: String?
        switch message.method {
        case ACPMethod.sessionNew:
            id = (try? result?.decoded(as: NewSessionResult.self))?.sessionId
            cwd = (try? message.params?.decoded(as: NewSessionParams.self))?.cwd
        case ACPMethod.sessionLoad:
            let params = try? message.params?.decoded(as: LoadSessionParams.self)
            (id, cwd) = (params?.sessionId, params?.cwd)
        default:
            return (nil, false, nil)
        }
        guard let id else { return (nil, false, nil) }
        let record = state.withLock { state -> SessionRecord? in
            guard !state.sessionIds.contains(id) else { return nil }
            state.sessionIds.append(id)
            guard state.sessionIds.count == 1, let cwd else { return nil }
            state.record.cwd = cwd
            return state.record
        }
        return (id, result != nil, record)
    }

    /// What the agent (and the server) said, from after `lastEventID` on; the client's own
    /// messages are left out, as upstream's stream does.
    public func stream(after lastEventID: Int64?) -> AsyncMapSequence<AsyncStream<[SessionEvent]>, [SessionEvent]> {
        log.subscribe(from: (lastEventID ?? -1) + 1).map { batch in batch.filter { $0.sender != .client } }
    }

    /// Stops the agent.
    public func close() async {
        state.withLock { $0.closed = true }
        await transport.terminate()
    }
}
