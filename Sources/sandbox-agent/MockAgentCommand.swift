import ArgumentParser
import MockAgent

/// `sandbox-agent mock-agent`: the built-in mock ACP agent on stdin/stdout.
struct MockAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-agent",
        abstract: "Run the built-in mock ACP agent on stdin/stdout.",
        discussion: """
            A deterministic ACP v1 agent for tests and benchmarks: it reads one JSON-RPC message per \
            line on stdin and writes only JSON-RPC on stdout. Prompts are echoed; slash commands \
            (/tool, /permission, /read, /write, /terminal, /slow, /flood, /error, /crash, …) script \
            tool calls, client requests and failures. It exits 0 at stdin EOF. See docs/mock-agent.md.
            """)

    @Option(help: "Persist session transcripts here so session/load works across restarts (default: $SANDBOX_AGENT_MOCK_STATE_DIR).")
    var stateDir: String?

    func run() async throws {
        await MockAgent.run(stateDirectory: stateDir)
    }
}
