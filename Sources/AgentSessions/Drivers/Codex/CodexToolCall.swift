import ACP

/// How one Codex tool item looks in ACP: title, kind, raw input, locations and content (diffs for
/// file changes). Nil for items that are not tool calls (messages, reasoning, plans, …).
struct CodexToolCall {
    var title: String
    var kind: String
    var rawInput: JSONValue
    var locations: [JSONValue] = []
    var content: [JSONValue] = []

    init?(item: JSONValue) {
        switch item["type"]?.stringValue {
        case "commandExecution":
            let command = Self.command(item)
            title = "`\(command)`"
            kind = Self.kind(of: item["commandActions"]?.arrayValue ?? [])
            rawInput = ["command": .string(command), "cwd": item["cwd"] ?? .null]
            locations = (item["commandActions"]?.arrayValue ?? []).compactMap { action in
                action["path"]?.stringValue.map { ["path": .string($0)] }
            }
        case "fileChange":
            let changes = item["changes"]?.arrayValue ?? []
            let paths = changes.compactMap { $0["path"]?.stringValue }
            kind = "edit"
            if changes.count == 1, let path = paths.first {
                let verb = ["add": "Add", "delete": "Delete"][changes[0]["kind"]?["type"]?.stringValue ?? ""] ?? "Edit"
                title = "\(verb) \(path)"
            } else {
                title = "Edit \(changes.count) files"
            }
            rawInput = ["changes": .array(changes)]
            locations = paths.map { ["path": .string($0)] }
            content = changes.compactMap(Self.diff)
        case "mcpToolCall":
            title = "\(item["server"]?.stringValue ?? "mcp").\(item["tool"]?.stringValue ?? "tool")"
            kind = "other"
            rawInput = item["arguments"] ?? .null
        case "dynamicToolCall":
            title = item["tool"]?.stringValue ?? "tool"
            kind = "other"
            rawInput = item["arguments"] ?? .null
        case "webSearch":
            title = "Search the web: \(item["query"]?.stringValue ?? "")"
            kind = "fetch"
            rawInput = ["query": item["query"] ?? .null]
        default:
            return nil
        }
    }

    /// The command as the user would type it: the parsed single action, else the full line.
    static func command(_ item: JSONValue) -> String {
        let actions = item["commandActions"]?.arrayValue ?? []
        if actions.count == 1, let command = actions[0]["command"]?.stringValue, !command.isEmpty { return command }
        return item["command"]?.stringValue ?? "command"
    }

    /// `read`/`search` when every parsed action is one, else `execute`.
    static func kind(of actions: [JSONValue]) -> String {
        let types = Set(actions.compactMap { $0["type"]?.stringValue })
        if !types.isEmpty, types.isSubset(of: ["read"]) { return "read" }
        if !types.isEmpty, types.isSubset(of: ["read", "search", "listFiles"]) { return "search" }
        return "execute"
    }

    /// An ACP diff of one `FileUpdateChange`: the new file for `add`, the old one for `delete`,
    /// the old and new sides of the hunks for `update` (a unified diff).
    static func diff(_ change: JSONValue) -> JSONValue? {
        guard let path = change["path"]?.stringValue, let diff = change["diff"]?.stringValue else { return nil }
        switch change["kind"]?["type"]?.stringValue {
        case "add":
            return ["type": "diff", "path": .string(path), "oldText": .null, "newText": .string(diff)]
        case "delete":
            return ["type": "diff", "path": .string(path), "oldText": .string(diff), "newText": ""]
        default:
            var old: [Substring] = []
            var new: [Substring] = []
            for line in diff.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("---") || line.hasPrefix("+++") || line.hasPrefix("@@") || line.hasPrefix("diff ") || line.hasPrefix("index ") {
                    continue
                }
                switch line.first {
                case "-": old.append(line.dropFirst())
                case "+": new.append(line.dropFirst())
                case " ": old.append(line.dropFirst()); new.append(line.dropFirst())
                default: break
                }
            }
            let target = change["kind"]?["move_path"]?.stringValue ?? path
            return ["type": "diff", "path": .string(target), "oldText": .string(old.joined(separator: "\n")), "newText": .string(new.joined(separator: "\n"))]
        }
    }

    static func text(_ text: String) -> JSONValue {
        ["type": "content", "content": ["type": "text", "text": .string(text)]]
    }
}
