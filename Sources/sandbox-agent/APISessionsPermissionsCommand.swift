import ACP
import ArgumentParser
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api sessions permissions …`: the agent's pending permission requests.
struct APISessionsPermissionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permissions",
        abstract: "List and answer the agent's pending permission requests.",
        discussion: """
            `permissions ID` lists the pending requests of a session; `permissions reply ID PERMISSION_ID \
            once|always|reject` (or `--option-id X`) answers one. The agent's turn waits until its request \
            is answered or the turn is cancelled.
            """,
        subcommands: [List.self, Reply.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the pending permission requests of a session (the default).")

        @OptionGroup var options: APIOptions

        @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
        var id: String

        func run() async throws {
            try await options.withClient { client in
                let permissions = try await client.pendingPermissions(sessionId: id)
                let rows = permissions.map { request in
                    [request.permissionId, request.toolTitle ?? request.toolCallId ?? "-",
                     request.toolCall["kind"]?.stringValue ?? "-",
                     request.options.map { "\($0.optionId) (\($0.kind))" }.joined(separator: ", ")]
                }
                let text = permissions.isEmpty
                    ? "no pending permission requests"
                    : Console.table([["PERMISSION", "TOOL", "KIND", "OPTIONS"]] + rows)
                        + "\nanswer with: sandbox-agent api sessions permissions reply \(id) PERMISSION_ID once|always|reject"
                try options.print(PermissionListResponse(permissions: permissions), text: text)
            }
        }
    }

    struct Reply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reply",
            abstract: "Answer a pending permission request.",
            discussion: """
                once picks the allow_once option (else allow_always), always picks allow_always (else \
                allow_once), reject picks reject_once (else reject_always); --option-id sends an exact \
                offered option. Prints the option sent to the agent.
                """)

        @OptionGroup var options: APIOptions

        @Option(help: "Send exactly this offered option id instead of a shorthand reply.")
        var optionId: String?

        @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
        var id: String

        @Argument(help: "Permission id, for example perm_1.")
        var permissionId: String

        @Argument(help: "once, always or reject (omit with --option-id).")
        var reply: String?

        func validate() throws {
            switch (reply, optionId) {
            case (nil, nil): throw ValidationError("give a reply (once, always or reject) or --option-id")
            case (_?, _?): throw ValidationError("give either a reply or --option-id, not both")
            case (let reply?, nil) where PermissionReply(shorthand: reply) == nil:
                throw ValidationError("the reply must be once, always or reject, got '\(reply)'")
            default: break
            }
        }

        func run() async throws {
            let answer = reply.flatMap(PermissionReply.init(shorthand:)) ?? .option(optionId ?? "")
            try await options.withClient { client in
                let response = try await client.answerPermission(sessionId: id, permissionId: permissionId, reply: answer)
                try options.print(response, text: "\(response.permissionId): sent option \(response.optionId)")
            }
        }
    }
}
