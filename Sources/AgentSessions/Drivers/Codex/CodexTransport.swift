import ProcessRuntime

/// The `AgentTransport` of the native Codex driver: ACP lines in and out, with `CodexAgent`
/// translating to and from `codex app-server` (JSON-RPC over stdio) it runs.
public struct CodexTransport: AgentTransport {
    public let output: AsyncStream<AgentOutput>
    private let agent: CodexAgent

    /// A driver for the `codex` binary at `executable`; `codex app-server [arguments…]` starts on
    /// `session/new` (or `session/load`). `sandboxed`: whether Codex's command sandbox works here.
    /// Its requests to the client take their ids from `requestIDs`.
    init(
        executable: String, arguments: [String] = [], environment: [String: String], sandboxed: Bool = true, processes: ProcessManager,
        requestIDs: ACPRequestIDs
    ) {
        let (output, continuation) = AsyncStream.makeStream(of: AgentOutput.self)
        self.output = output
        agent = CodexAgent(
            executable: executable, arguments: arguments, environment: environment, sandboxed: sandboxed, processes: processes,
            requestIDs: requestIDs, emit: continuation)
    }

    public func send(_ line: String) async throws { await agent.receive(line) }
    public func exit() async -> AgentExit { await agent.exit() }
    public func terminate() async { await agent.terminate() }
    public func pauseOutput(_ paused: Bool) { agent.pauseOutput(paused) }
}
