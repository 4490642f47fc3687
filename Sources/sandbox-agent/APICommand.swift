import ArgumentParser

/// `sandbox-agent api`: a command-line client of a running server.
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Talk to a running server.",
        discussion: """
            Every subcommand takes --endpoint (default: $SANDBOX_AGENT_ENDPOINT, else http://127.0.0.1:2468), \
            --token (default: $SANDBOX_AGENT_TOKEN), --no-token and --json; --token/--no-token may also go \
            before `api` (`sandbox-agent --token T api agents list`). Failures are printed to stderr and exit with 1.
            """,
        subcommands: [APIHealthCommand.self, APIFileSystemCommand.self, APIProcessesCommand.self, APISessionsCommand.self, APIAgentsCommand.self, APIDesktopCommand.self]
    )
}
