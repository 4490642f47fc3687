import ArgumentParser
import SandboxAgentAPI
import SandboxAgentServer

/// `sandbox-agent`: the root command; each subcommand lives in its own file. The entry point is
/// `SandboxAgentMain` (RootTokenFlags.swift), which handles upstream's root-level token flags.
struct SandboxAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox-agent",
        abstract: "Run coding agents and drive a desktop inside a sandbox, over one HTTP API.",
        discussion: """
            Start the server with `sandbox-agent server`, then talk to it over HTTP (see /openapi.json) \
            or with `sandbox-agent api …`.

            \(RootTokenFlags.help)
            """,
        version: SandboxAgentVersion.current,
        subcommands: [ServerCommand.self, APICommand.self, InstallCommand.self, InstallAgentCommand.self, MCPCommand.self, CredentialsCommand.self, MockAgentCommand.self, StorageCommand.self]
    )
}
