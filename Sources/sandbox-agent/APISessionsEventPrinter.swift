import ACP
import Foundation
import Glibc
import SandboxAgentAPI
import SandboxAgentClient

/// Renders a session's transcript as it streams, for `sessions prompt`: the agent's message text as
/// it arrives (no newline added between chunks), thoughts dimmed (on a terminal) after a `thinking:`
/// prefix, and tool calls, tool status changes, plans, permission requests and questions on lines of their own.
actor APISessionsEventPrinter {
    private let client: SandboxAgentClient
    private let sessionId: String
    /// ANSI dimming for thoughts (stdout is a terminal and NO_COLOR is not set).
    private let color: Bool

    /// What the current (unfinished) output line holds.
    private enum Block { case none, message, thought }
    private var block = Block.none
    private var atLineStart = true
    /// Titles and last printed statuses of tool calls, by id.
    private var toolTitles: [String: String] = [:]
    private var toolStatuses: [String: String] = [:]

    init(client: SandboxAgentClient, sessionId: String) {
        self.client = client
        self.sessionId = sessionId
        self.color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Prints what `event` adds to the turn; events that carry nothing for a reader print nothing.
    func render(_ event: SessionEvent) async {
        if let update = event.update {
            render(update)
            return
        }
        switch (event.sender, event.method) {
        case (.agent, ACPMethod.sessionRequestPermission):
            await permissionRequested(event.params)
        case (.server, SandboxAgentMethod.permissionResolved):
            guard let resolved = try? event.params?.decoded(as: PermissionResolvedParams.self) else { break }
            let outcome = resolved.outcome["optionId"]?.stringValue ?? resolved.outcome["outcome"]?.stringValue ?? "?"
            line("✓ permission \(resolved.permissionId) answered: \(outcome) (by \(resolved.by))")
        case (.server, SandboxAgentMethod.questionRequested):
            guard let question = try? event.params?.decoded(as: Question.self) else { break }
            endLine()
            line("? " + APISessionsQuestionsCommand.describe(question))
            line("  answer with: sandbox-agent api sessions answer \(sessionId) \(question.id) key=value… (or --decline, --cancel)")
        case (.server, SandboxAgentMethod.questionResolved):
            guard let resolved = try? event.params?.decoded(as: QuestionResolvedParams.self).resolution else { break }
            let content = resolved.content.map { ": \($0.jsonText)" } ?? ""
            line("✓ question \(resolved.id) \(resolved.action.rawValue)\(content) (by \(resolved.by))")
        case (.server, SandboxAgentMethod.sessionEnded):
            let ended = try? event.params?.decoded(as: SessionEndedParams.self)
            let exit = ended?.exitCode.map { ", exit code \($0)" } ?? ""
            line("■ session ended: \(ended?.reason ?? "unknown")\(exit)")
        case (.server, SandboxAgentMethod.agentDiagnostic):
            let message = event.params?["message"]?.stringValue ?? event.params?.jsonText ?? ""
            endLine()
            Console.error("agent diagnostic: \(message)")
        default:
            break
        }
    }

    /// Ends an unfinished line, so the output ends with a newline.
    func finish() {
        endLine()
    }

    private func render(_ update: SessionUpdate) {
        switch update {
        case .agentMessageChunk(let content):
            text(content.contentText, in: .message)
        case .agentThoughtChunk(let content):
            text(content.contentText, in: .thought)
        case .toolCall(let call):
            let title = call.title ?? call.toolCallId
            toolTitles[call.toolCallId] = title
            toolStatuses[call.toolCallId] = call.status ?? "pending"
            line("⚙ \(title) [\(call.kind ?? "other")] \(call.status ?? "pending")")
        case .toolCallUpdate(let call):
            if let title = call.title { toolTitles[call.toolCallId] = title }
            guard let status = call.status, toolStatuses[call.toolCallId] != status else { return }
            toolStatuses[call.toolCallId] = status
            let title = toolTitles[call.toolCallId] ?? call.toolCallId
            let detail = status == "failed" ? call.text.map { " (\(APISessionOutput.truncate($0)))" } ?? "" : ""
            line("  ↳ \(title): \(status)\(detail)")
        case .plan(let entries):
            line("Plan:")
            for entry in entries {
                let mark = switch entry.status {
                case "completed": "[x]"
                case "in_progress": "[~]"
                default: "[ ]"
                }
                line("  \(mark) \(entry.content)")
            }
        case .currentModeUpdate(let mode):
            line("mode: \(mode)")
        case .userMessageChunk, .other:
            break
        }
    }

    /// A permission request: finds its server-side id and tells the user how to answer it.
    private func permissionRequested(_ params: JSONValue?) async {
        let toolCall = params?["toolCall"]
        let title = toolCall?["title"]?.stringValue ?? toolCall?["toolCallId"]?.stringValue ?? "a tool call"
        let kind = toolCall?["kind"]?.stringValue.map { " [\($0)]" } ?? ""
        let request = await pendingRequest(toolCallId: toolCall?["toolCallId"]?.stringValue)
        let options = (params?["options"]?.arrayValue ?? []).compactMap { option -> String? in
            guard let id = option["optionId"]?.stringValue else { return nil }
            return option["kind"]?.stringValue.map { "\(id) (\($0))" } ?? id
        }
        if let request {
            line("? permission \(request.permissionId) requested for \(title)\(kind); options: \(options.joined(separator: ", "))")
            line("  answer with: sandbox-agent api sessions permissions reply \(sessionId) \(request.permissionId) once|always|reject")
        } else {
            line("? permission requested for \(title)\(kind); options: \(options.joined(separator: ", "))")
            line("  list pending requests with: sandbox-agent api sessions permissions \(sessionId)")
        }
    }

    /// The pending request for `toolCallId`, waiting briefly for the server to register it.
    private func pendingRequest(toolCallId: String?) async -> PermissionRequest? {
        for attempt in 0..<20 {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(50)) }
            guard let pending = try? await client.pendingPermissions(sessionId: sessionId) else { return nil }
            if let match = pending.last(where: { toolCallId == nil || $0.toolCallId == toolCallId }) { return match }
        }
        return nil
    }

    /// Appends streamed text of a message or thought, starting a new line when the kind changes.
    private func text(_ text: String, in kind: Block) {
        guard !text.isEmpty else { return }
        if block != kind {
            endLine()
            block = kind
            if kind == .thought { write(dim("thinking: ")) }
        }
        write(kind == .thought ? dim(text) : text)
    }

    /// Prints `text` on a line of its own.
    private func line(_ text: String) {
        endLine()
        write(text + "\n")
        block = .none
    }

    private func endLine() {
        if !atLineStart { write("\n") }
        block = .none
    }

    private func write(_ text: String) {
        guard !text.isEmpty else { return }
        Console.write(Data(text.utf8), to: .standardOutput)
        atLineStart = text.hasSuffix("\n")
    }

    private func dim(_ text: String) -> String {
        color ? "\u{1B}[2m\(text)\u{1B}[22m" : text
    }
}

/// One-line summaries of transcript events, for `sessions events`.
enum APISessionsEventSummary {
    /// `#index sender method summary`.
    static func line(_ event: SessionEvent) -> String {
        let (label, summary) = describe(event)
        return ["#\(event.eventIndex)", event.sender.rawValue, label, summary].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The method (or `response id=N`) and a short summary of the payload.
    static func describe(_ event: SessionEvent) -> (String, String) {
        guard let method = event.method else {
            let id = event.rpcId.map { "response id=\($0.jsonText)" } ?? "message"
            if let error = event.error {
                let code = error["code"]?.intValue.map(String.init) ?? "?"
                return (id, APISessionOutput.truncate("error \(code): \(error["message"]?.stringValue ?? error.jsonText)"))
            }
            return (id, APISessionOutput.truncate(event.result?.jsonText ?? ""))
        }
        if let update = event.update { return (method, summary(update)) }
        let params = event.params
        let summary: String = switch method {
        case ACPMethod.sessionPrompt:
            (params?["prompt"]?.arrayValue ?? []).map(\.contentText).joined(separator: " ")
        case ACPMethod.sessionRequestPermission:
            params?["toolCall"]?["title"]?.stringValue ?? params?["toolCall"]?.jsonText ?? ""
        case ACPMethod.sessionNew, ACPMethod.sessionLoad:
            params?["cwd"]?.stringValue ?? ""
        default:
            params?.jsonText ?? ""
        }
        return (method, APISessionOutput.truncate(summary))
    }

    private static func summary(_ update: SessionUpdate) -> String {
        let detail: String = switch update {
        case .agentMessageChunk(let content), .agentThoughtChunk(let content), .userMessageChunk(let content):
            quoted(content.contentText)
        case .toolCall(let call):
            "\(call.title ?? call.toolCallId) [\(call.kind ?? "other")] \(call.status ?? "pending")"
        case .toolCallUpdate(let call):
            [call.toolCallId, call.title, call.status].compactMap { $0 }.joined(separator: " ")
        case .plan(let entries):
            entries.map { "\($0.content): \($0.status ?? "pending")" }.joined(separator: ", ")
        case .currentModeUpdate(let mode):
            mode
        case .other(_, let raw):
            raw.jsonText
        }
        return APISessionOutput.truncate("\(update.kind) \(detail)", 100)
    }

    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? text
    }
}
