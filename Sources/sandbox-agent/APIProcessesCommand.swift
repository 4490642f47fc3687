public import ArgumentParser
import Foundation
import ProcessRuntime
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api processes …`: the `/v1/processes` operations.
struct APIProcessesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "processes",
        abstract: "Run, start and manage processes on the server.",
        subcommands: [
            APIRunCommand.self, APIStartCommand.self, List.self, Info.self, APILogsCommand.self, Stop.self,
            Kill.self,
        ]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List running and exited processes.")

        @OptionGroup var options: APIOptions

        @Option(help: "Only list processes with this owner (\(ProcessOwner.allCases.map(\.rawValue).joined(separator: ", "))).")
        var owner: ProcessOwner?

        func run() async throws {
            try await options.withClient { client in
                let processes = try await client.listProcesses(owner: owner)
                let rows = processes.map { process in
                    [process.id, process.pid.map(String.init) ?? "-", process.status.rawValue, process.exitSummary,
                     ([process.command] + process.args).joined(separator: " ")]
                }
                try options.print(
                    ProcessListResponse(processes: processes),
                    text: Console.table([["ID", "PID", "STATUS", "EXIT", "COMMAND"]] + rows))
            }
        }
    }

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "info", abstract: "Print one process.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Process id, for example proc_1.")
        var id: String

        func run() async throws {
            try await options.withClient { client in
                let process = try await client.process(id: id)
                try options.print(process, text: process.fields)
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop", abstract: "Send SIGTERM to a process group and print the process.")

        @OptionGroup var signal: APISignalOptions

        func run() async throws {
            try await signal.send { try await $0.stopProcess(id: $1, waitMs: $2) }
        }
    }

    struct Kill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kill", abstract: "Send SIGKILL to a process group and print the process.")

        @OptionGroup var signal: APISignalOptions

        func run() async throws {
            try await signal.send { try await $0.killProcess(id: $1, waitMs: $2) }
        }
    }
}

/// Arguments of `processes stop` and `processes kill`.
struct APISignalOptions: ParsableArguments {
    @OptionGroup var options: APIOptions

    @Option(help: "Wait up to this many milliseconds for the process to exit before printing it.")
    var waitMs: Int?

    @Argument(help: "Process id, for example proc_1.")
    var id: String

    /// Signals the process through `signal` (client, id, waitMs) and prints the record it returns.
    func send(_ signal: (SandboxAgentClient, String, Int?) async throws -> ProcessRecord) async throws {
        try await options.withClient { client in
            let process = try await signal(client, id, waitMs)
            try options.print(process, text: process.fields)
        }
    }
}

/// `--owner user` and `--stream stderr` parse from the raw values.
extension ProcessOwner: ExpressibleByArgument {}
extension LogStream: ExpressibleByArgument {}

extension ProcessRecord {
    /// The exit code, `signal N`, or `-` while running.
    var exitSummary: String {
        if let exitCode { return String(exitCode) }
        if let signal { return "signal \(signal)" }
        return "-"
    }

    /// `key: value` lines of the record.
    var fields: String {
        Console.fields([
            "id": id,
            "command": ([command] + args).joined(separator: " "),
            "cwd": cwd ?? "-",
            "owner": owner.rawValue,
            "tty": String(tty),
            "interactive": String(interactive),
            "status": status.rawValue,
            "pid": pid.map(String.init) ?? "-",
            "exit": exitSummary,
            "created": Self.format(milliseconds: createdAtMs),
            "exited": exitedAtMs.map(Self.format) ?? "-",
        ])
    }

    private static func format(milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000).ISO8601Format()
    }
}
