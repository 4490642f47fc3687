import AgentInstall
import ArgumentParser
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api agents …`: which agents the server can run, and installing them there.
struct APIAgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents",
        abstract: "List the server's agents and install them on the server.",
        discussion: """
            Examples:
              sandbox-agent api agents list
              sandbox-agent api agents get claude
              sandbox-agent api agents install codex --agent-version 0.163.0
            """,
        subcommands: [List.self, Get.self, Install.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every known agent: installed, version, path, credentials.")
        @OptionGroup var options: APIOptions
        func run() async throws {
            try await options.withClient { client in
                let agents = try await client.agents()
                let rows = agents.map { agent in
                    [agent.id, agent.installed ? "yes" : "no", agent.version ?? "-", agent.credentialsAvailable ? "yes" : "no", agent.path ?? agent.configError ?? "-"]
                }
                try options.print(agents, text: Console.table([["AGENT", "INSTALLED", "VERSION", "CREDENTIALS", "PATH"]] + rows))
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one agent as JSON.")
        @OptionGroup var options: APIOptions
        @Argument(help: "Agent id, for example claude.") var agent: String
        func run() async throws {
            try await options.withClient { client in try Console.printJSON(try await client.agent(agent)) }
        }
    }

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install an agent on the server (POST /v1/agents/{agent}/install).",
            discussion: """
                The server downloads and checks it while its progress (resolving, download, unpacking) \
                shows on standard error: a bar on a terminal, a line per quarter otherwise. \
                `sandbox-agent install-agent` does the same locally.
                """)
        @OptionGroup var options: APIOptions
        @Flag(name: [.short, .long], help: "Install again even when installed.") var reinstall = false
        @Option(help: ArgumentHelp("Version to install instead of the latest.", valueName: "version")) var agentVersion: String?
        @Argument(help: "Agent id, for example codex.") var agent: String
        func run() async throws {
            try await options.withClient { client in
                let display = InstallProgressDisplay(agent: agent)
                defer { display.finish() }  // ends a bar left open by a failure, before its message
                let response = try await client.installAgent(agent, reinstall: reinstall, version: agentVersion) { step in
                    if let progress = InstallProgress(step) { display.show(progress) }
                }
                display.finish()  // the bar's line ends before the result is printed
                let artifact = response.artifacts.first
                let state = response.alreadyInstalled ? "already installed" : "installed"
                try options.print(response, text: "\(agent) \(artifact?.version ?? "") \(state): \(artifact?.path ?? "") (\(artifact?.source ?? ""))")
            }
        }
    }
}
