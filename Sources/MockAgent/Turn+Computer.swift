import ACP
import Foundation

/// `/computer TOOL [ARGS]`: calls a tool of the desktop MCP server the client gave in
/// `session/new` (the one named `desktop`, else the first stdio server), so a computer-use flow
/// can be tested without a model. ARGS is a JSON object, or positional: `click X Y`,
/// `double_click X Y`, `move X Y`, `drag X1 Y1 X2 Y2`, `scroll X Y DIRECTION [AMOUNT]`,
/// `type TEXT`, `key CHORD`.
extension Turn {
    func computer(_ argument: String) async {
        let (tool, rest) = PromptScript(command: .computer, argument: argument).firstWordAndRest
        let id = await startTool(title: "desktop: \(tool)", kind: "other", rawInput: ["tool": .string(tool), "arguments": .string(rest)]).toolCallId
        guard let server = mcpServers.first(where: { $0["name"]?.stringValue == "desktop" }) ?? mcpServers.first(where: { $0["command"] != nil }) else {
            failTool(id, "no MCP server was given in session/new")
            await say("No desktop: the session has no MCP server.")
            return
        }
        guard !tool.isEmpty, let arguments = Self.computerArguments(tool, rest) else {
            failTool(id, "bad arguments")
            await say("Usage: /computer TOOL [ARGS], e.g. /computer click 100 200")
            return
        }
        do throws(JSONRPCError) {
            let client = try await StdioMCPClient(server: server)
            defer { client.close() }
            let result = try await client.callTool(tool, arguments: arguments)
            let blocks = result["content"]?.arrayValue ?? []
            let text = blocks.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
            let content = blocks.map { block -> JSONValue in ["type": "content", "content": block] }
            if result["isError"]?.boolValue == true {
                updateTool(id, status: "failed", content: content)
                await say("Desktop \(tool) failed: \(text)")
            } else {
                updateTool(id, status: "completed", content: content)
                await say("Desktop \(tool): \(text)")
            }
        } catch {
            failTool(id, error.message)
            await say("Desktop \(tool) failed: \(error.message)")
        }
    }

    /// The tool's arguments from the prompt: a JSON object, or the positional form of the tool.
    static func computerArguments(_ tool: String, _ rest: String) -> JSONValue? {
        let trimmed = rest.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{") { return (try? JSONValue(jsonText: trimmed)).flatMap { $0.objectValue == nil ? nil : $0 } }
        let words = trimmed.split(separator: " ").map(String.init)
        let numbers = words.compactMap { Int64($0) }.map(JSONValue.int)
        switch tool {
        case "click", "double_click", "move":
            return numbers.count == 2 ? ["x": numbers[0], "y": numbers[1]] : nil
        case "drag":
            return numbers.count == 4 ? ["startX": numbers[0], "startY": numbers[1], "endX": numbers[2], "endY": numbers[3]] : nil
        case "scroll":
            guard words.count >= 3, numbers.count >= 2 else { return nil }
            var arguments: [String: JSONValue] = ["x": numbers[0], "y": numbers[1], "direction": .string(words[2])]
            if words.count > 3, let amount = Int64(words[3]) { arguments["amount"] = .int(amount) }
            return .object(arguments)
        case "type":
            return ["text": .string(rest)]
        case "key":
            return ["key": .string(trimmed)]
        default:
            return trimmed.isEmpty ? [:] : nil
        }
    }
}
