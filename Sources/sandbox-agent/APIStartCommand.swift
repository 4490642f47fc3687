import ArgumentParser
import ProcessRuntime
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api processes start`: start a long-lived process and print it.
struct APIStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a long-lived process and print it.",
        discussion: """
            Its output is kept on the server; read it with `processes logs ID [--follow]`. Options go before \
            COMMAND; everything after it is passed to the command.
            """)

    @OptionGroup var options: APIOptions

    @Flag(help: "Run on a pseudo-terminal (implies --interactive).")
    var tty = false

    @Flag(help: "Keep stdin open for input.")
    var interactive = false

    @OptionGroup var launch: APIProcessLaunchOptions

    func run() async throws {
        try await options.withClient { client in
            let process = try await client.startProcess(ProcessCreateRequest(
                command: launch.command, args: launch.args, cwd: launch.cwd, env: launch.environment,
                interactive: interactive ? true : nil, tty: tty ? true : nil))
            try options.print(process, text: process.fields)
        }
    }
}
