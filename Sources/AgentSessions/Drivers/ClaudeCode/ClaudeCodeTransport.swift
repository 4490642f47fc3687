import ProcessRuntime

/// The `AgentTransport` of the native Claude Code driver: ACP lines in and out, with
/// `ClaudeCodeAgent` translating to and from the `claude` CLI it runs.
public struct ClaudeCodeTransport: AgentTransport {
    public let output: AsyncStream<AgentOutput>
    private let agent: ClaudeCodeAgent

    /// A driver for the `claude` binary at `executable`; the CLI starts on `session/new`. Its
    /// requests to the client take their ids from `requestIDs`.
    init(executable: String, environment: [String: String], processes: ProcessManager, requestIDs: ACPRequestIDs) {
        let (output, continuation) = AsyncStream.makeStream(of: AgentOutput.self)
        self.output = output
        agent = ClaudeCodeAgent(executable: executable, environment: environment, processes: processes, requestIDs: requestIDs, emit: continuation)
    }

    public func send(_ line: String) async throws { await agent.receive(line) }
    public func exit() async -> AgentExit { await agent.exit() }
    public func terminate() async { await agent.terminate() }
    public func pauseOutput(_ paused: Bool) { agent.pauseOutput(paused) }
}
