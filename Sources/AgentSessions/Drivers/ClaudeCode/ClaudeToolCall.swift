import ACP

/// How one Claude Code tool use looks in ACP: title, kind, locations and content (diffs for edits),
/// derived from the tool's name and input.
struct ClaudeToolCall {
    var title: String
    var kind: String
    var locations: [JSONValue]
    var content: [JSONValue]

    init(name: String, input: JSONValue) {
        let path = input["file_path"]?.stringValue ?? input["notebook_path"]?.stringValue ?? input["path"]?.stringValue
        locations = path.map { [["path": .string($0)]] } ?? []
        content = []
        switch name {
        case "Bash":
            kind = "execute"
            title = input["command"]?.stringValue.map { "`\($0)`" } ?? "Run a command"
            if let description = input["description"]?.stringValue {
                content = [Self.text(description)]
            }
        case "Read", "NotebookRead":
            kind = "read"
            title = "Read \(path ?? "a file")"
        case "Write":
            kind = "edit"
            title = "Write \(path ?? "a file")"
            if let path {
                content = [["type": "diff", "path": .string(path), "oldText": .null, "newText": input["content"] ?? .string("")]]
            }
        case "Edit", "MultiEdit", "NotebookEdit":
            kind = "edit"
            title = "Edit \(path ?? "a file")"
            if let path, let old = input["old_string"], let new = input["new_string"] {
                content = [["type": "diff", "path": .string(path), "oldText": old, "newText": new]]
            }
        case "Glob", "Grep", "LS":
            kind = "search"
            title = "\(name) \(input["pattern"]?.stringValue ?? path ?? "")".trimmingTrailingSpace
        case "WebFetch", "WebSearch":
            kind = "fetch"
            title = "\(name) \(input["url"]?.stringValue ?? input["query"]?.stringValue ?? "")".trimmingTrailingSpace
        case "TodoWrite":
            kind = "think"
            title = "Update the plan"
        case "ExitPlanMode":
            kind = "switch_mode"
            title = "Ready to code?"
        case "Task":
            kind = "think"
            title = input["description"]?.stringValue ?? "Task"
        default:
            kind = "other"
            title = name
        }
    }

    /// The ACP `plan` entries of a TodoWrite input, or nil for other tools.
    static func planEntries(name: String, input: JSONValue) -> [Plan.Entry]? {
        guard name == "TodoWrite", let todos = input["todos"]?.arrayValue else { return nil }
        return todos.map { todo in
            let status = todo["status"]?.stringValue ?? "pending"
            return Plan.Entry(
                content: todo["content"]?.stringValue ?? "", priority: "medium",
                status: ["pending", "in_progress", "completed"].contains(status) ? status : "pending")
        }
    }

    /// What a tool returned, in the shape every driver gives `rawOutput`: `{output, exitCode?}`.
    /// Bash reports a failed command's status as a first line `Exit code N`, which becomes
    /// `exitCode` (0 for a command that succeeded) and is left out of `output`.
    struct Result {
        var output: String
        var exitCode: Int64?

        init(toolName: String, text: String, failed: Bool) {
            output = text
            guard toolName == "Bash" else { return }
            exitCode = failed ? nil : 0
            guard failed, text.hasPrefix("Exit code ") else { return }
            let firstLine = text.prefix { $0 != "\n" }
            guard let code = Int64(firstLine.dropFirst("Exit code ".count)) else { return }
            exitCode = code
            output = String(text.dropFirst(firstLine.count).drop { $0 == "\n" })
        }

        var rawOutput: JSONValue {
            var object: [String: JSONValue] = ["output": .string(output)]
            if let exitCode { object["exitCode"] = .int(exitCode) }
            return .object(object)
        }
    }

    static func text(_ text: String) -> JSONValue {
        ["type": "content", "content": textBlock(text)]
    }

    static func textBlock(_ text: String) -> JSONValue {
        ["type": "text", "text": .string(text)]
    }
}

private extension String {
    var trimmingTrailingSpace: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
