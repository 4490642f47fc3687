import ArgumentParser
import Foundation
import ProcessRuntime
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api processes logs`: print (or follow) the output of a process.
struct APILogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the output of a process.",
        discussion: """
            Writes the decoded bytes as they arrive: stderr entries to stderr, everything else to stdout. \
            With --json, prints the log response, or with --follow one JSON entry per line and the process \
            record last.
            """)

    @OptionGroup var options: APIOptions

    @Flag(name: .shortAndLong, help: "Keep printing live output until the process exits.")
    var follow = false

    @Option(help: "Which output: stdout, stderr, combined or pty (default: pty for a tty process, else combined).")
    var stream: LogStream?

    @Option(help: "Print only the last N entries (with --follow: of the replay).")
    var tail: Int?

    @Option(help: "Print only entries whose sequence is greater than this.")
    var since: UInt64?

    @Argument(help: "Process id, for example proc_1.")
    var id: String

    func run() async throws {
        try await options.withClient { client in
            if follow {
                for try await event in client.followProcessLogs(id: id, stream: stream, tail: tail, since: since) {
                    switch event {
                    case .log(let entry): try options.json ? Console.printJSON(entry, pretty: false) : Self.write(entry)
                    case .exit(let process): if options.json { try Console.printJSON(process, pretty: false) }
                    }
                }
            } else {
                let logs = try await client.processLogs(id: id, stream: stream, tail: tail, since: since)
                try options.json ? Console.printJSON(logs) : logs.entries.forEach(Self.write)
            }
        }
    }

    /// Writes the bytes of `entry` to the stream it came from.
    private static func write(_ entry: ProcessLogEntry) {
        Console.write(entry.decodedData ?? Data(), to: entry.stream == .stderr ? .standardError : .standardOutput)
    }
}
