import ACP
import ProcessRuntime
import Synchronization

/// The ACP side of a native driver: the lines it hands to the session engine, and the dispatch
/// of the engine's lines to the driver. Claude Code and Codex drivers share it.
protocol NativeACPAgent: Actor {
    var output: ACPOutput { get }
    /// The CLI the driver runs now, if any.
    var cli: ManagedProcess? { get }
    /// Whether the session wants the CLI's output paused (`AgentTransport.pauseOutput`).
    nonisolated var outputPause: Mutex<Bool> { get }
    /// The result of a request, or nil when it is answered later (`session/prompt`); a thrown
    /// error is the answer too (params that do not fit their typed ACP params: invalid params).
    func handle(_ method: String, _ params: JSONValue, id: JSONRPCID) async throws(JSONRPCError) -> Result<JSONValue, JSONRPCError>?
    /// `session/cancel`.
    func cancel() async
    /// The client's answer to one of the driver's requests (`session/request_permission`).
    func clientAnswered(_ id: JSONRPCID, _ result: Result<JSONValue, JSONRPCError>) async
}

extension NativeACPAgent {
    /// Pauses or resumes reading the CLI's output, now and for a CLI started later (which calls
    /// `applyOutputPause`); the last call wins, whatever order the hops to the actor take.
    nonisolated func pauseOutput(_ paused: Bool) {
        outputPause.withLock { $0 = paused }
        Task { await applyOutputPause() }
    }

    func applyOutputPause() {
        cli?.pauseOutput(outputPause.withLock { $0 })
    }

    /// The `initialize` answer of a native driver: ACP v1, `session/load`, images and embedded
    /// context in prompts, no authentication step.
    static func initializeResult(name: String, title: String) -> Result<JSONValue, JSONRPCError> {
        .success([
            "protocolVersion": 1,
            "agentCapabilities": ["loadSession": true, "promptCapabilities": ["image": true, "embeddedContext": true]],
            "authMethods": [], "agentInfo": ["name": .string(name), "title": .string(title)],
        ])
    }

    /// Handles one JSON-RPC line from the session engine; unparsable lines are dropped (the
    /// engine only writes valid ones).
    func receive(_ line: String) async {
        guard let message = try? JSONRPCMessage.parse(line) else { return }
        switch message {
        case .request(let id, let method, let params):
            let result: Result<JSONValue, JSONRPCError>?
            do throws(JSONRPCError) {
                result = try await handle(method, params ?? .object([:]), id: id)
            } catch {
                result = .failure(error)
            }
            if let result { output.send(.response(id: id, result: result)) }
        case .notification(ACPMethod.sessionCancel, _):
            await cancel()
        case .notification:
            break
        case .response(let id, let result):
            await clientAnswered(id, result)
        }
    }
}

/// Lines for the session engine, ended once.
struct ACPOutput: Sendable {
    private let continuation: AsyncStream<AgentOutput>.Continuation

    init(_ continuation: AsyncStream<AgentOutput>.Continuation) {
        self.continuation = continuation
    }

    func send(_ message: JSONRPCMessage) {
        continuation.yield(.line(message.line()))
    }

    /// A `session/update` notification.
    func update(sessionID: String?, _ payload: JSONValue) {
        send(SessionUpdateParams.notification(sessionId: sessionID ?? "", update: payload))
    }

    /// Ends the output (later calls do nothing: a finished stream drops yields).
    func finish() {
        continuation.finish()
    }
}

extension JSONRPCError {
    /// A native driver's answer to a request its CLI died before answering: an internal error
    /// marked `agentExited`, so the session treats it as the crash it is (as for an ACP agent
    /// that exits with the request pending).
    static func agentExited(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32603, message: "Internal error", data: ["details": .string(detail), "agentExited": true])
    }
}
