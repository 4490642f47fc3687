import AgentInstall
import ArgumentParser
import Foundation
import Logging
import SandboxAgentAPI
import SandboxAgentServer

/// `sandbox-agent install-agent`: installs agents into the data directory without running the
/// server; a running server finds them at the next session.
struct InstallAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-agent",
        abstract: "Install an agent's CLI or ACP adapter (claude, codex, opencode, amp, cursor, pi, gemini).",
        discussion: """
            Downloads from the agent's distribution source: Claude Code from npm (the native binary \
            package for this platform), Codex and OpenCode from their GitHub releases, Amp, Cursor, \
            Pi and Gemini from the ACP registry (Pi and Gemini run through npx, so they need \
            Node.js). Sizes and checksums are checked before anything is put in place; the install \
            goes to <data-dir>/agents/<agent>/ with an entry in <data-dir>/bin/, swapped in one \
            rename, so a failed install leaves the previous one working.

            An agent already installed is left alone unless --reinstall or another --agent-version \
            is given. A binary you have on PATH is never touched: the server prefers <data-dir>/bin, \
            then PATH.

            Sources can be redirected (mirrors, tests): SANDBOX_AGENT_NPM_REGISTRY_URL, \
            SANDBOX_AGENT_GITHUB_API_URL, SANDBOX_AGENT_ACP_REGISTRY_URL.

            Exits 0 when every agent asked for is installed, 1 otherwise (--all installs what it \
            can and lists the rest).

            Examples:
              sandbox-agent install-agent claude
              sandbox-agent install-agent codex --agent-version 0.163.0
              sandbox-agent install-agent --all
            """)

    @Argument(help: "The agent to install.")
    var agent: String?

    @Flag(help: "Install every agent this command knows.")
    var all = false

    @Flag(name: [.short, .long], help: "Install again even when the agent is installed.")
    var reinstall = false

    @Option(help: ArgumentHelp("Version to install instead of the latest.", valueName: "version"))
    var agentVersion: String?

    @Option(help: "Directory for the server's state (default: $XDG_DATA_HOME/sandbox-agent, else ~/.local/share/sandbox-agent).")
    var dataDir: String?

    func validate() throws {
        if all && agent != nil { throw ValidationError("give an agent or --all, not both") }
        if !all && agent == nil { throw ValidationError("name the agent to install, or pass --all") }
        if all && agentVersion != nil { throw ValidationError("--agent-version applies to one agent; it cannot go with --all") }
    }

    func run() async throws {
        let environment = Foundation.ProcessInfo.processInfo.environment
        var logger = Logger(label: "sandbox-agent")
        logger.logLevel = .warning
        let installer = AgentInstaller(
            dataDirectory: dataDir ?? ServerConfiguration.defaultDataDirectory(environment: environment), environment: environment,
            logger: logger)
        let agents = all ? installer.packages.map(\.agent) : [agent!]
        var failures: [(String, String)] = []
        for id in agents {
            let display = InstallProgressDisplay(agent: id)
            do {
                let result = try await installer.install(
                    id, options: InstallOptions(reinstall: reinstall, version: agentVersion), progress: { display.show($0) })
                display.finish()
                let artifact = result.artifacts[0]
                let state = result.alreadyInstalled ? "already installed" : "installed"
                Console.output("\(id) \(artifact.version ?? "") \(state): \(artifact.path) (\(artifact.source))")
            } catch {
                display.finish()
                Console.error("\(id): install failed: \(error.message)")
                failures.append((id, error.message))
            }
        }
        if agents.count > 1 && !failures.isEmpty {
            Console.error("not installed: \(failures.map(\.0).joined(separator: ", ")) (\(agents.count - failures.count) of \(agents.count) installed)")
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
