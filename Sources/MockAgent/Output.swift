import ACP
import Synchronization

/// Where the agent writes: JSON-RPC lines (stdout) and diagnostics (stderr). Closing the gate
/// drops every later line, so nothing is written once the agent has decided to exit.
struct Output: Sendable {
    private let sink: @Sendable (String) -> Void
    private let diagnosticSink: @Sendable (String) -> Void
    private let gate = Gate()

    init(lines: @escaping @Sendable (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void) {
        self.sink = lines
        self.diagnosticSink = diagnostics
    }

    func send(_ message: JSONRPCMessage) {
        let line = WireEncoding.line(message)
        gate.ifOpen { sink(line) }
    }

    func respond(_ id: JSONRPCID, _ result: JSONValue) {
        send(.response(id: id, result: .success(result)))
    }

    func fail(_ id: JSONRPCID, _ error: JSONRPCError) {
        send(.response(id: id, result: .failure(error)))
    }

    func notify(_ method: String, _ params: JSONValue) {
        send(.notification(method: method, params: params))
    }

    func diagnostic(_ text: String) {
        diagnosticSink(text)
    }

    /// Stops all further output on stdout.
    func close() {
        gate.close()
    }
}

/// An open/closed flag that serialises the writes it guards.
private final class Gate: Sendable {
    private let open = Mutex(true)

    func ifOpen(_ body: () -> Void) {
        open.withLock { isOpen in
            if isOpen { body() }
        }
    }

    func close() {
        open.withLock { $0 = false }
    }
}
