import ArgumentParser
import Foundation
import ProcessRuntime
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api processes run`: run a command to completion, like running it locally.
struct APIRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command to completion and print its output.",
        discussion: """
            Prints the command's stdout and stderr to the matching streams and exits with its exit code \
            (128+N when signal N ended it, 124 when it timed out). Options go before COMMAND; everything \
            after it is passed to the command.
            """)

    @OptionGroup var options: APIOptions

    @Option(help: "Kill the process group after this many milliseconds (default: the server's defaultRunTimeoutMs).")
    var timeoutMs: Int?

    @Option(help: "Keep at most this many bytes of stdout and of stderr (default: the server's maxOutputBytes).")
    var maxOutputBytes: Int?

    @OptionGroup var launch: APIProcessLaunchOptions

    func run() async throws {
        try await options.withClient { client in
            let result = try await client.runProcess(ProcessRunRequest(
                command: launch.command, args: launch.args, cwd: launch.cwd, env: launch.environment,
                timeoutMs: timeoutMs, maxOutputBytes: maxOutputBytes))
            if options.json {
                try Console.printJSON(result)
            } else {
                Console.write(Data(result.stdout.utf8), to: .standardOutput)
                Console.write(Data(result.stderr.utf8), to: .standardError)
                if result.stdoutTruncated { Console.error("sandbox-agent: stdout was truncated") }
                if result.stderrTruncated { Console.error("sandbox-agent: stderr was truncated") }
                if result.timedOut { Console.error("sandbox-agent: timed out after \(result.durationMs) ms") }
            }
            let status = result.timedOut ? 124 : result.exitCode ?? result.signal.map { 128 + $0 } ?? 1
            if status != 0 { throw ExitCode(status) }
        }
    }
}
