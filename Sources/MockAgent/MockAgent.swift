public import ACP
import Foundation

/// The built-in mock ACP v1 agent that `sandbox-agent mock-agent` runs: deterministic, offline,
/// scripted by slash commands in the prompt text (see docs/mock-agent.md).
///
/// `run(stateDirectory:)` serves stdin/stdout and exits the process; `serve()` is the same agent
/// over any line source and sink, for tests.
public struct MockAgent: Sendable {
    /// The version in `agentInfo` and in the startup line.
    public static let version = MockProfile.version
    /// The `SessionConfigOption`s a new mock session starts with (`mode`, `model`).
    public static let configOptions: [JSONValue] =
        MockProfile.configOptions(mode: MockProfile.defaultMode, model: MockProfile.defaultModel).arrayValue ?? []

    /// The environment variable naming the state directory when none is passed.
    public static let stateDirectoryVariable = "SANDBOX_AGENT_MOCK_STATE_DIR"

    private let input: AsyncStream<String>
    private let output: Output
    private let store: TranscriptFiles

    /// - Parameters:
    ///   - stateDirectory: where to persist session transcripts for `session/load` across restarts.
    ///   - input: the lines the client writes (one JSON-RPC message each).
    ///   - output: receives every line the agent writes, without the newline.
    ///   - diagnostics: receives stderr lines.
    public init(
        stateDirectory: String? = nil,
        input: AsyncStream<String>,
        output: @escaping @Sendable (String) -> Void,
        diagnostics: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.input = input
        self.output = Output(lines: output, diagnostics: diagnostics)
        self.store = TranscriptFiles(directory: stateDirectory)
    }

    /// Serves until the input ends (returns 0) or a `/crash` prompt (returns 3). Nothing is
    /// written after it returns.
    public func serve() async -> Int32 {
        let (exits, exit) = AsyncStream.makeStream(of: Int32.self)
        let core = AgentCore(output: output, client: ClientLink(output: output),
                             sessions: Sessions(store: store), terminate: { exit.yield($0) })
        let input = self.input
        let reader = Task {
            for await line in input { await core.receive(line) }
            exit.yield(0)
        }
        var status: Int32 = 0
        for await code in exits {
            status = code
            break
        }
        reader.cancel()
        await core.shutdown()
        return status
    }

    /// Runs the agent on stdin/stdout and exits the process: 0 at stdin EOF, 3 after `/crash`.
    /// Without `stateDirectory`, `SANDBOX_AGENT_MOCK_STATE_DIR` is used if set.
    public static func run(stateDirectory: String?) async {
        signal(SIGPIPE, SIG_IGN)
        let directory = stateDirectory ?? ProcessInfo.processInfo.environment[stateDirectoryVariable].flatMap { $0.isEmpty ? nil : $0 }
        let stdout = StandardOutput()
        StandardError.write("sandbox-agent mock-agent \(version)")
        let agent = MockAgent(stateDirectory: directory, input: LineReader.lines(),
                              output: { stdout.write($0) }, diagnostics: { StandardError.write($0) })
        let status = await agent.serve()
        stdout.flush()
        exit(status)
    }
}
