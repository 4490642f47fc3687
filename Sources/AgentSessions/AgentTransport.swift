import ACP

/// What an agent produced, in order.
public enum AgentOutput: Sendable {
    /// One line of its protocol stream.
    case line(String)
    /// A line over the framing limit was dropped.
    case oversized(bytes: Int)
}

/// How an agent ended.
public struct AgentExit: Sendable, Equatable {
    public var exitCode: Int32?
    public var signal: Int32?
    /// The last lines the agent wrote to stderr.
    public var stderrTail: String

    public init(exitCode: Int32?, signal: Int32?, stderrTail: String) {
        self.exitCode = exitCode
        self.signal = signal
        self.stderrTail = stderrTail
    }
}

/// A running agent seen as a stream of ACP lines: what drivers provide. The generic ACP driver
/// relays a child's stdio; a native driver (e.g. Claude Code's stream-JSON) translates.
public protocol AgentTransport: Sendable {
    /// Everything the agent says, in order; ends when the agent is gone.
    var output: AsyncStream<AgentOutput> { get }
    /// Writes one JSON-RPC message line (without newline) to the agent.
    func send(_ line: String) async throws
    /// How the agent ended; waits until it has.
    func exit() async -> AgentExit
    /// Stops the agent (its whole process group); waits until it is gone.
    func terminate() async
    /// Stops (`true`) or resumes reading what the agent writes, so that it blocks on its output
    /// while the session cannot take more (`EventLog`'s buffer is full). Called under the log's
    /// lock, in order: it must not block or call back into the log; the last call wins.
    func pauseOutput(_ paused: Bool)
}

extension AgentTransport {
    /// A transport that cannot hold its agent back reads on (its agent is not paused).
    public func pauseOutput(_ paused: Bool) {}
}
