import Foundation

/// The scripted prompts. A prompt whose text starts with `/NAME` runs the command `NAME` with the
/// rest of the text (after one space) as its argument; anything else is echoed.
enum SlashCommand: String, CaseIterable, Sendable {
    case think, tool, plan, permission, ask, computer, write, read, terminal, slow, flood, pace, error, crash, request

    var summary: String {
        switch self {
        case .think: "Stream two thoughts, then echo the text"
        case .tool: "Run a read-only tool call that completes without permission"
        case .plan: "Send a three-step plan three times, advancing its statuses"
        case .permission: "Run an execute tool call that asks for permission"
        case .ask: "Ask the user a question (elicitation/create, form mode) and echo the answer"
        case .computer: "Call a tool of the desktop MCP server given in session/new (screenshot, click X Y, type TEXT, …)"
        case .write: "Write a file through fs/write_text_file"
        case .read: "Read a file through fs/read_text_file and echo it"
        case .terminal: "Run a shell command through terminal/create"
        case .slow: "Stream N ticks 50 ms apart (cancellable)"
        case .flood: "Stream N chunks as fast as possible"
        case .pace: "Stream N chunks at R per second, each stamped with the wall-clock time in microseconds"
        case .error: "Answer the prompt with a JSON-RPC error"
        case .crash: "Exit with status 3 without answering"
        case .request: "Send the client a request as written (METHOD JSON) and say its answer"
        }
    }

    var inputHint: String? {
        switch self {
        case .think: "text"
        case .permission: "command (optional)"
        case .ask: "question (optional)"
        case .computer: "tool and arguments"
        case .write: "path text"
        case .read: "path"
        case .terminal: "shell command"
        case .slow: "tick count (default 10)"
        case .flood: "chunk count (default 1000)"
        case .pace: "count rate (default 1000 1000)"
        case .request: "method params"
        case .tool, .plan, .error, .crash: nil
        }
    }
}

/// A prompt's text, classified.
struct PromptScript: Sendable, Equatable {
    /// The command, or nil for plain text (and for unknown commands, which are echoed).
    var command: SlashCommand?
    /// The argument text of a command, or the whole text to echo.
    var argument: String

    init(text: String) {
        guard text.hasPrefix("/") else {
            self.init(command: nil, argument: text)
            return
        }
        let body = text.dropFirst()
        let nameEnd = body.firstIndex(where: { $0 == " " || $0 == "\n" }) ?? body.endIndex
        guard let command = SlashCommand(rawValue: String(body[..<nameEnd])) else {
            self.init(command: nil, argument: text)
            return
        }
        let argument = nameEnd == body.endIndex ? "" : String(body[body.index(after: nameEnd)...])
        self.init(command: command, argument: argument)
    }

    init(command: SlashCommand?, argument: String) {
        self.command = command
        self.argument = argument
    }

    /// The argument split into its first word and the rest (after one space), for `/write PATH TEXT`.
    var firstWordAndRest: (first: String, rest: String) {
        guard let space = argument.firstIndex(of: " ") else { return (argument, "") }
        return (String(argument[..<space]), String(argument[argument.index(after: space)...]))
    }

    /// The argument as a positive count, or `fallback`.
    func count(default fallback: Int) -> Int {
        let trimmed = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = Int(trimmed), value >= 0 else { return fallback }
        return value
    }
}
