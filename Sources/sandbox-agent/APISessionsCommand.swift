import ACP
import ArgumentParser
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api sessions …`: the `/v1/sessions` operations.
struct APISessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "Create, prompt and manage agent sessions on the server.",
        discussion: """
            A session runs one agent (for example the built-in `mock`) in its own process and keeps its \
            transcript. Typical use: `sessions create --agent mock`, then `sessions prompt ID TEXT…`, which \
            streams the agent's answer, tool calls, plan, permission requests and questions as the turn runs.
            """,
        subcommands: [
            Create.self, List.self, Get.self, Delete.self, Resume.self, APISessionsPromptCommand.self, Cancel.self,
            SetMode.self, SetConfig.self, APISessionsEventsCommand.self, APISessionsPermissionsCommand.self,
            APISessionsQuestionsCommand.self, APISessionsAnswerCommand.self, Screenshot.self,
        ]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Start an agent session and print it.",
            discussion: "Answers once the agent has finished the ACP handshake and the session is active.")

        @OptionGroup var options: APIOptions

        @Option(help: "Agent id: a built-in agent (for example mock) or one declared in the server's agents file.")
        var agent: String

        @Option(help: "Session id to use (letters, digits, '.', '_', '-'; default: a generated sess_… id).")
        var id: String?

        @Option(help: "Working directory of the agent on the server (default: the server's working directory).")
        var cwd: String?

        @Option(help: "Mode to switch to after the session is created (ACP session/set_mode).")
        var mode: String?

        @Option(help: "Model to select after the session is created (the `model` config option).")
        var model: String?

        @Option(
            name: .customLong("env"),
            help: ArgumentHelp("Set an environment variable of the agent process (repeatable).", valueName: "KEY=VALUE"))
        var environmentAssignments: [String] = []

        func validate() throws {
            for assignment in environmentAssignments where APISessionOutput.split(assignment) == nil {
                throw ValidationError("--env takes KEY=VALUE, got '\(assignment)'")
            }
        }

        func run() async throws {
            try await options.withClient { client in
                let environment = environmentAssignments.isEmpty
                    ? nil
                    : Dictionary(environmentAssignments.compactMap(APISessionOutput.split), uniquingKeysWith: { _, last in last })
                let session = try await client.createSession(SessionCreateRequest(
                    agent: agent, id: id, cwd: cwd, mode: mode, model: model, env: environment))
                try options.print(session, text: session.fields)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List live and ended sessions, in creation order.",
            discussion: "Prints one page; when there are more, the cursor of the next page is printed to stderr.")

        @OptionGroup var options: APIOptions

        @Option(help: "Page size, 1 to 500 (default: 50).")
        var limit: Int?

        @Option(help: "Cursor of the page to print, as printed after the previous page.")
        var cursor: String?

        func run() async throws {
            try await options.withClient { client in
                let page = try await client.listSessions(cursor: cursor, limit: limit)
                let rows = page.items.map { session in
                    [session.id, session.agent, session.status.rawValue, APISessionOutput.date(session.createdAt), session.cwd]
                }
                try options.print(page, text: Console.table([["ID", "AGENT", "STATUS", "CREATED", "CWD"]] + rows))
                if !options.json, let next = page.nextCursor {
                    Console.error("more sessions: --cursor \(next)")
                }
            }
        }
    }

    struct Screenshot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "screenshot",
            abstract: "Save the image of a recorded desktop action to a file.",
            discussion: """
                SCREENSHOT-ID is the screenshot.id of a _sandboxagent/desktop/action event (shot_7). The server \
                keeps the newest 100 images of each session in memory.
                """)

        @OptionGroup var session: APISessionIdOptions
        @Argument(help: "Screenshot id from the event, for example shot_7.") var screenshotId: String
        @Option(name: .shortAndLong, help: "Output file (default: <screenshot-id>.<png|jpeg|webp>).") var out: String?

        func run() async throws {
            try await session.options.withClient { client in
                let image = try await client.sessionScreenshot(sessionId: session.id, screenshotId: screenshotId)
                let path = out ?? "\(screenshotId).\(image.contentType.split(separator: "/").last ?? "img")"
                try image.data.write(to: URL(fileURLWithPath: path))
                Swift.print("\(path): \(image.data.count) bytes, \(image.contentType)")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Print one session, live or ended.")

        @OptionGroup var session: APISessionIdOptions

        func run() async throws {
            try await session.call { try await $0.session(id: $1) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "End a session: stop its agent and print the ended session.",
            discussion: "The record and transcript are kept; `resume` starts the agent again.")

        @OptionGroup var session: APISessionIdOptions

        func run() async throws {
            try await session.call { try await $0.deleteSession(id: $1) }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume",
            abstract: "Start the agent of an ended session again and print the session.",
            discussion: "The transcript continues with the same numbering. Resuming a live session changes nothing.")

        @OptionGroup var session: APISessionIdOptions

        func run() async throws {
            try await session.call { try await $0.resumeSession(id: $1) }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel the running turn of a session and print the session.",
            discussion: "The turn ends with stop reason `cancelled`; pending permission requests are answered `cancelled`.")

        @OptionGroup var session: APISessionIdOptions

        func run() async throws {
            try await session.call { try await $0.cancel(sessionId: $1) }
        }
    }

    struct SetMode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mode", abstract: "Switch the mode of a session (ACP session/set_mode) and print the session.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
        var id: String

        @Argument(help: "Mode id, one of the session's available modes.")
        var modeId: String

        func run() async throws {
            try await options.withClient { client in
                let session = try await client.setMode(sessionId: id, modeId: modeId)
                try options.print(session, text: session.fields)
            }
        }
    }

    struct SetConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Set a config option of a session (ACP session/set_config_option).",
            discussion: "Prints the complete list of config options afterwards, as JSON.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
        var id: String

        @Argument(help: "Config option id, for example model.")
        var configId: String

        @Argument(help: "New value: JSON when it parses as JSON (true, 3, \"x\", …), else the text as a string.")
        var value: String

        func run() async throws {
            try await options.withClient { client in
                let json = (try? JSONValue(jsonText: value)) ?? .string(value)
                let configOptions = try await client.setConfigOption(sessionId: id, configId: configId, value: json)
                try Console.printJSON(["configOptions": configOptions])
            }
        }
    }
}

/// The session id argument (with the shared options) of `get`, `delete`, `resume` and `cancel`.
struct APISessionIdOptions: ParsableArguments {
    @OptionGroup var options: APIOptions

    @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
    var id: String

    /// Calls `operation` (client, id) and prints the session it returns.
    func call(_ operation: (SandboxAgentClient, String) async throws -> Session) async throws {
        try await options.withClient { client in
            let session = try await operation(client, id)
            try options.print(session, text: session.fields)
        }
    }
}

/// Formatting shared by the session commands.
enum APISessionOutput {
    /// Milliseconds since the epoch as ISO 8601.
    static func date(_ milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000).ISO8601Format()
    }

    /// `KEY=VALUE` split at the first `=`; nil without one or with an empty key.
    static func split(_ assignment: String) -> (String, String)? {
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else { return nil }
        return (String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
    }

    /// `text` cut to `limit` characters with an ellipsis, on one line.
    static func truncate(_ text: String, _ limit: Int = 80) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "\\n")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}

extension Session {
    /// `key: value` lines of the session.
    var fields: String {
        var pairs: [(String, String)] = [
            ("id", id), ("agent", agent), ("status", status.rawValue), ("agentSessionId", agentSessionId ?? "-"),
            ("cwd", cwd), ("created", APISessionOutput.date(createdAt)),
        ]
        if let currentModeId { pairs.append(("mode", currentModeId)) }
        if let endedAt { pairs.append(("ended", APISessionOutput.date(endedAt))) }
        if let endReason { pairs.append(("endReason", endReason)) }
        let width = pairs.map(\.0.count).max() ?? 0
        return pairs.map { key, value in
            (key + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + " " + value
        }.joined(separator: "\n")
    }
}
