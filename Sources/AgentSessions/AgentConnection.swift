public import ACP
import SandboxAgentAPI
import SessionStore
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// The client side of an ACP connection: numbers and correlates our requests, serves the agent's
/// requests through `handler`, and records every message — both directions — in the event log
/// in the order it crossed the wire. Lines that are not JSON-RPC become diagnostic events.
public final class AgentConnection: Sendable {
    /// Serves a request the agent sent (permission, fs, terminal); the answer is sent back.
    public typealias RequestHandler = @Sendable (_ method: String, _ params: JSONValue?) async -> Result<JSONValue, JSONRPCError>
    /// Sees every notification the agent sent (after it is recorded).
    public typealias NotificationHandler = @Sendable (_ method: String, _ params: JSONValue?) -> Void

    private struct State {
        var nextID: Int64 = 0
        var pending: [JSONRPCID: Waiter] = [:]
        /// The method of each of our own pending requests.
        var pendingMethods: [JSONRPCID: String] = [:]
        var exit: AgentExit?
    }

    /// Why one of our own requests got no result, as a value (never told apart by message text).
    private enum Failure: Error {
        /// The agent answered with this JSON-RPC error.
        case answered(JSONRPCError)
        /// The agent exited (or had exited) before answering.
        case exited
        /// The deadline passed first.
        case timedOut
    }

    /// Who waits for a response: our own request (parsed result) or a relayed one (the raw line).
    private enum Waiter {
        case parsed(CheckedContinuation<Result<JSONValue, Failure>, Never>)
        case raw(CheckedContinuation<String?, Never>)

        func resume(line: String?, result: Result<JSONValue, Failure>) {
            switch self {
            case .parsed(let continuation): continuation.resume(returning: result)
            case .raw(let continuation): continuation.resume(returning: line)
            }
        }
    }

    public let log: EventLog
    private let transport: any AgentTransport
    private let state = Mutex(State())
    private let outgoing: AsyncStream<String>.Continuation
    private let outgoingLines: AsyncStream<String>

    /// Our request ids start at the transcript's event count: every earlier id of the session was
    /// issued below it, so ids stay unique in a transcript across resumes (0 for a new session).
    /// While the log's buffer is full, the agent's output is not read (backpressure).
    public init(transport: any AgentTransport, log: EventLog) {
        self.transport = transport
        self.log = log
        state.withLock { $0.nextID = log.count }
        (outgoingLines, outgoing) = AsyncStream.makeStream(of: String.self)
        log.onBufferFull { paused in transport.pauseOutput(paused) }
    }

    /// Pumps both directions until the agent is gone; returns how it ended. Pending requests fail
    /// with `agentExited` then. Without a `handler`, the agent's requests are only recorded: a
    /// relay's client answers them.
    public func run(handler: RequestHandler?, onNotification: @escaping NotificationHandler) async -> AgentExit {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [transport, outgoingLines] in
                for await line in outgoingLines {
                    do { try await transport.send(line) } catch { break }
                }
            }
            for await output in transport.output {
                switch output {
                case .line(let line):
                    receive(line, handler: handler, onNotification: onNotification)
                case .oversized(let bytes):
                    log.appendServerNotification(
                        SandboxAgentMethod.agentDiagnostic,
                        AgentDiagnosticParams(kind: "oversized_line", message: "the agent wrote a line over the framing limit; it was dropped", bytes: bytes))
                }
            }
            outgoing.finish()
            group.cancelAll()
        }
        let exit = await transport.exit()
        let pending = state.withLock { state in
            state.exit = exit
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for waiter in pending { waiter.resume(line: nil, result: .failure(.exited)) }
        return exit
    }

    /// Sends a request and waits for its response, at most `timeout` when given.
    public func request(_ method: String, _ params: JSONValue, timeout: Duration? = nil) async throws(AgentSessionError) -> JSONValue {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<JSONValue, Failure>, Never>) in
            let id: JSONRPCID? = state.withLock { state in
                if state.exit != nil { return nil }
                let id = JSONRPCID.int(state.nextID)
                state.nextID += 1
                state.pending[id] = .parsed(continuation)
                state.pendingMethods[id] = method
                enqueue(.request(id: id, method: method, params: params))
                return id
            }
            guard let id else {
                continuation.resume(returning: .failure(.exited))
                return
            }
            if let timeout { expire(id, after: timeout) }
        }
        switch result {
        case .success(let value):
            return value
        case .failure(.timedOut):
            throw AgentSessionError(.timeout, "the agent did not answer \(method) within \(timeout.map { "\($0)" } ?? "the deadline")")
        case .failure(.exited):
            throw AgentSessionError(.agentExited, "the agent exited before answering \(method)")
        case .failure(.answered(let error)) where error.data?["agentExited"]?.boolValue == true:
            // A native driver answers for its CLI that died (`JSONRPCError.agentExited`).
            throw AgentSessionError(.agentExited, "the agent exited before answering \(method): \(error.message)", cause: error)
        case .failure(.answered(let error)):
            var details = ["rpcCode": "\(error.code)"]
            if let data = error.data { details["rpcData"] = Self.compact(data) }
            throw AgentSessionError(.agentError, "the agent answered \(method) with error \(error.code): \(error.message)", details: details, cause: error)
        }
    }

    /// Relays a client's message verbatim. For a request, waits (at most `timeout`) for the agent's
    /// response and returns its line exactly as the agent wrote it; otherwise returns nil at once.
    public func forward(_ message: JSONRPCMessage, line: String, timeout: Duration?) async throws(AgentSessionError) -> String? {
        guard case .request(let id, let method, _) = message else {
            let sent = state.withLock { state -> Bool in
                guard state.exit == nil else { return false }
                enqueue(line: line)
                return true
            }
            guard sent else { throw AgentSessionError(.agentExited, "the agent has exited; the message was not delivered") }
            return nil
        }
        let response = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            let accepted = state.withLock { state -> Bool in
                guard state.exit == nil, state.pending[id] == nil else { return false }
                state.pending[id] = .raw(continuation)
                enqueue(line: line)
                return true
            }
            guard accepted else {
                continuation.resume(returning: nil)
                return
            }
            if let timeout { expire(id, after: timeout) }
        }
        guard let response else {
            let exited = state.withLock { $0.exit != nil }
            throw exited
                ? AgentSessionError(.agentExited, "the agent exited before answering \(method)")
                : AgentSessionError(.conflict, "request id \(id) is already pending on this server")
        }
        guard !response.isEmpty else {
            throw AgentSessionError(.timeout, "the agent did not answer \(method) within \(timeout.map { "\($0)" } ?? "the deadline")")
        }
        return response
    }

    /// Stops waiting for our pending requests of `method`: their callers get `result` now, and
    /// the agent's answer, if it ever comes, is only recorded. Returns how many were abandoned.
    @discardableResult
    public func abandon(_ method: String, with result: Result<JSONValue, JSONRPCError>) -> Int {
        let waiters = state.withLock { state -> [Waiter] in
            let ids = state.pendingMethods.filter { $0.value == method }.map(\.key)
            return ids.compactMap { id in
                state.pendingMethods.removeValue(forKey: id)
                return state.pending.removeValue(forKey: id)
            }
        }
        for waiter in waiters { waiter.resume(line: nil, result: result.mapError(Failure.answered)) }
        return waiters.count
    }

    /// Sends a notification (dropped, and not recorded, once the agent has exited).
    public func notify(_ method: String, _ params: JSONValue) {
        state.withLock { state in
            guard state.exit == nil else { return }
            enqueue(.notification(method: method, params: params))
        }
    }

    /// Answers a request the agent sent. Once the agent has exited nothing is sent or recorded:
    /// nobody would read the answer, and the transcript already ends with the session's end.
    public func respond(to id: JSONRPCID, with result: Result<JSONValue, JSONRPCError>) {
        state.withLock { state in
            guard state.exit == nil else { return }
            enqueue(.response(id: id, result: result))
        }
    }

    /// Fails the waiter of `id` with a timeout when it still waits after `timeout`; a relayed
    /// request's waiter gets an empty line.
    private func expire(_ id: JSONRPCID, after timeout: Duration) {
        let (seconds, attoseconds) = timeout.components
        let delay = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: delay) { [self] in
            state.withLock { $0.pending.removeValue(forKey: id) }?.resume(line: "", result: .failure(.timedOut))
        }
    }

    /// Records and queues one outgoing message; call under the state lock so that the
    /// transcript order is the wire order.
    private func enqueue(_ message: JSONRPCMessage) {
        enqueue(line: message.line())
    }

    private func enqueue(line: String) {
        log.append(.client, line)
        outgoing.yield(line)
    }

    private func receive(_ line: String, handler: RequestHandler?, onNotification: NotificationHandler) {
        // Route on the head alone: streamed updates (the bulk of the traffic) are recorded without
        // decoding their params; requests, our responses and state-changing updates are decoded.
        let head: JSONRPCHead
        do {
            head = try JSONRPCHead.parse(line)
        } catch {
            log.appendServerNotification(
                SandboxAgentMethod.agentDiagnostic,
                AgentDiagnosticParams(kind: "invalid_stdout", message: "the agent wrote a line that is not JSON-RPC", raw: String(line.prefix(4096))))
            return
        }
        log.append(.agent, line)
        if head.isResponse, let id = head.id {
            guard let waiter = state.withLock({ state in
                state.pendingMethods.removeValue(forKey: id)
                return state.pending.removeValue(forKey: id)
            }) else { return }
            var result: Result<JSONValue, Failure> = .success(.null)
            if case .parsed = waiter {
                if case .response(_, let parsed)? = try? JSONRPCMessage.parse(line) {
                    result = parsed.mapError(Failure.answered)
                } else {
                    result = .failure(.answered(.parseError("the agent's response could not be decoded")))
                }
            }
            waiter.resume(line: line, result: result)
            return
        }
        guard let method = head.method else { return }
        if let id = head.id {
            guard let handler else { return }
            let params = (try? JSONRPCMessage.parse(line))?.params
            Task { respond(to: id, with: await handler(method, params)) }
        } else if method != ACPMethod.sessionUpdate || SessionUpdateKind(scanning: line).map(Self.sessionStateKinds.contains) == true {
            onNotification(method, (try? JSONRPCMessage.parse(line))?.params)
        }
    }

    /// The `session/update` kinds whose params the session itself needs (a mode, config or usage
    /// change). Only these updates are parsed and handed on: the others — text chunks above all —
    /// are recorded as they came, classified by a scan of their `sessionUpdate` member alone.
    private static let sessionStateKinds: Set<SessionUpdateKind> = [.currentModeUpdate, .configOptionUpdate, .usageUpdate]

    static func compact(_ value: JSONValue) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
    }
}
