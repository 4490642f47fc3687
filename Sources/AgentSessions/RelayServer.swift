import ACP
import Foundation
public import SessionStore

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

    init(serverId: String, agent: String, log: EventLog, transport: any AgentTransport, requestTimeout: Duration) {
        self.serverId = serverId
        self.agent = agent
        self.createdAtMs = EventLog.nowMs()
        self.log = log
        self.transport = transport
        self.connection = AgentConnection(transport: transport, log: log)
        self.requestTimeout = requestTimeout
    }

    /// Pumps the agent until it is gone, then reports the end like a session does.
    func run(store: any SessionStore, record: SessionRecord) async {
        var record = record
        let exit = await connection.run(handler: nil) { _, _ in }
        var params: [String: JSONValue] = ["reason": "agent_exited"]
        if let code = exit.exitCode { params["exitCode"] = .int(Int64(code)) }
        if let signal = exit.signal { params["signal"] = .int(Int64(signal)) }
        if !exit.stderrTail.isEmpty { params["stderrTail"] = .string(exit.stderrTail) }
        log.appendServerNotification("_sandboxagent/session/ended", .object(params))
        record.status = .ended
        record.endedAt = EventLog.nowMs()
        record.endReason = record.endReason ?? "agent_exited"
        try? await store.saveSession(record)
    }

    /// Relays one envelope. A request waits for the agent's response (without a deadline for
    /// `session/prompt`) and returns its exact line; anything else returns nil (HTTP 202).
    public func post(_ body: String) async throws(AgentSessionError) -> String? {
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(body)
        } catch {
            throw AgentSessionError(.invalidRequest, "the body is not a JSON-RPC 2.0 envelope: \(error.data?.stringValue ?? error.message)")
        }
        let timeout: Duration? = message.method == "session/prompt" ? nil : requestTimeout
        // One line on the wire: re-encode only when the client's JSON spans several lines.
        let line = body.contains("\n") ? message.line() : body
        return try await connection.forward(message, line: line, timeout: timeout)
    }

    /// What the agent (and the server) said, from after `lastEventID` on; the client's own
    /// messages are left out, as upstream's stream does.
    public func stream(after lastEventID: Int64?) -> AsyncMapSequence<AsyncStream<[SessionEvent]>, [SessionEvent]> {
        log.subscribe(from: (lastEventID ?? -1) + 1).map { batch in batch.filter { $0.sender != .client } }
    }

    /// Stops the agent.
    public func close() async {
        await transport.terminate()
    }
}
