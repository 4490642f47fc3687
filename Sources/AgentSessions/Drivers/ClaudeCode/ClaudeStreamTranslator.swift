import ACP

/// Turns Claude Code's stream-JSON output (one JSON object per line) into what the ACP side
/// needs: `session/update` payloads, permission questions, control answers, and the turn's end.
///
/// Text and thinking arrive twice — as partial `stream_event` deltas and again in the complete
/// `assistant` message — so only the deltas become chunks; tool uses come from the complete
/// message (their input is whole there), tool results from the `user` message that carries them.
struct ClaudeStreamTranslator {
    enum Event: Equatable {
        /// A `session/update` `update` object.
        case update(JSONValue)
        /// `can_use_tool`: Claude asks before running a tool.
        case permission(requestID: String, toolName: String, input: JSONValue, toolUseID: String?, suggestions: JSONValue?)
        /// A control request we do not serve (answered with an error).
        case unsupportedControl(requestID: String, subtype: String)
        /// The turn is over: the `result` message's subtype and stop reason.
        case turnEnded(subtype: String, stopReason: String?, isError: Bool, message: String?)
        /// What the turn used (`result.usage`), what the session has cost so far
        /// (`total_cost_usd`) and the model's context window (`modelUsage`), before `turnEnded`.
        case usage(TokenUsage, costUSD: Double?, contextWindow: Int64?)
    }

    /// Tool uses already announced, so repeated assistant messages do not announce them twice.
    private var announcedTools: Set<String> = []
    /// The id of the model message being streamed (`message_start`), ACP's `messageId` of its chunks.
    private var messageID: String?
    /// The tool calls announced, by id: their name and ACP shape, for the updates that follow.
    private var tools: [String: (name: String, call: ClaudeToolCall)] = [:]
    /// Tool calls already reported `in_progress`, and those the user rejected (never run).
    private var running: Set<String> = []
    private var rejected: Set<String> = []

    mutating func translate(_ message: JSONValue) -> [Event] {
        switch message["type"]?.stringValue {
        case "stream_event": return streamEvent(message["event"] ?? .null, subagent: message["parent_tool_use_id"] != nil && message["parent_tool_use_id"] != .null)
        case "assistant": return assistant(message["message"] ?? .null)
        case "user": return toolResults(message["message"] ?? .null)
        case "control_request": return controlRequest(message)
        case "result":
            let usage: [Event] = message["usage"].map { usage in
                let window = message["modelUsage"]?.objectValue?.values.compactMap { $0["contextWindow"]?.intValue }.max()
                return [.usage(TokenUsage(claude: usage), costUSD: message["total_cost_usd"]?.doubleValue, contextWindow: window)]
            } ?? []
            return usage + [
                .turnEnded(
                    subtype: message["subtype"]?.stringValue ?? "success", stopReason: message["stop_reason"]?.stringValue,
                    isError: message["is_error"]?.boolValue ?? false, message: message["result"]?.stringValue)
            ]
        default:
            return []
        }
    }

    private mutating func streamEvent(_ event: JSONValue, subagent: Bool) -> [Event] {
        guard !subagent else { return [] }
        if event["type"]?.stringValue == "message_start" {
            messageID = event["message"]?["id"]?.stringValue
            return []
        }
        guard event["type"]?.stringValue == "content_block_delta", let delta = event["delta"] else { return [] }
        switch delta["type"]?.stringValue {
        case "text_delta":
            guard let text = delta["text"]?.stringValue, !text.isEmpty else { return [] }
            return [chunk(AgentMessageChunk.self, text)]
        case "thinking_delta":
            guard let text = delta["thinking"]?.stringValue, !text.isEmpty else { return [] }
            return [chunk(AgentThoughtChunk.self, text)]
        default:
            return []
        }
    }

    private func chunk<Role>(_: ContentChunk<Role>.Type, _ text: String) -> Event {
        .update(ContentChunk<Role>(text: text, messageId: messageID).json)
    }

    private mutating func assistant(_ message: JSONValue) -> [Event] {
        var events: [Event] = []
        for block in message["content"]?.arrayValue ?? [] where block["type"]?.stringValue == "tool_use" {
            guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue, !announcedTools.contains(id) else { continue }
            announcedTools.insert(id)
            let input = block["input"] ?? .object([:])
            if let entries = ClaudeToolCall.planEntries(name: name, input: input) {
                tools[id] = (name, ClaudeToolCall(name: name, input: input))
                events.append(.update(Plan(entries: entries).json))
                continue
            }
            let call = ClaudeToolCall(name: name, input: input)
            tools[id] = (name, call)
            events.append(
                .update(
                    ToolCall(
                        toolCallId: id, title: call.title, kind: call.kind, status: "pending", content: call.content, locations: call.locations,
                        rawInput: input, meta: ["claudeCode": ["toolName": .string(name)]]
                    ).json))
        }
        return events
    }

    /// The `in_progress` update of a tool call the user allowed (once per call), as the mock
    /// sends it between the permission answer and the result.
    mutating func started(_ toolUseID: String) -> Event? {
        guard tools[toolUseID] != nil, running.insert(toolUseID).inserted else { return nil }
        return .update(ToolCallUpdate(toolCallId: toolUseID, status: "in_progress").json)
    }

    /// A tool call the user rejected: its result is `failed` without an `in_progress` before it.
    mutating func reject(_ toolUseID: String) {
        rejected.insert(toolUseID)
    }

    /// Each tool result as `tool_call_update`s: `in_progress` when no permission answer reported
    /// it yet (a tool that ran without asking), then `completed` or `failed`. An edit's update
    /// keeps its diff; other tools' content is their text output. `rawOutput` is
    /// `{output, exitCode?}` (`ClaudeToolCall.Result`), an MCP tool's `{content}`.
    private mutating func toolResults(_ message: JSONValue) -> [Event] {
        var events: [Event] = []
        for block in message["content"]?.arrayValue ?? [] {
            guard block["type"]?.stringValue == "tool_result", let id = block["tool_use_id"]?.stringValue,
                  let tool = tools[id], tool.name != "TodoWrite"
            else { continue }
            let failed = block["is_error"]?.boolValue ?? false
            if !rejected.contains(id), let started = started(id) { events.append(started) }
            let result = ClaudeToolCall.Result(toolName: tool.name, text: Self.text(of: block["content"] ?? .null), failed: failed)
            let diffs = tool.call.content.filter { $0["type"]?.stringValue == "diff" }
            let content = !failed && !diffs.isEmpty ? diffs : result.output.isEmpty ? [] : [ClaudeToolCall.text(result.output)]
            // An MCP tool's result is MCP content blocks, kept as the MCP result's `content` (as Codex's).
            let blocks = block["content"]?.arrayValue.map(JSONValue.array) ?? [ClaudeToolCall.textBlock(result.output)]
            let rawOutput: JSONValue = tool.name.hasPrefix("mcp__") ? ["content": blocks] : result.rawOutput
            events.append(.update(ToolCallUpdate(toolCallId: id, status: failed ? "failed" : "completed", content: content, rawOutput: rawOutput).json))
        }
        return events
    }

    private func controlRequest(_ message: JSONValue) -> [Event] {
        guard let requestID = message["request_id"]?.stringValue, let request = message["request"] else { return [] }
        let subtype = request["subtype"]?.stringValue ?? ""
        guard subtype == "can_use_tool" else { return [.unsupportedControl(requestID: requestID, subtype: subtype)] }
        return [
            .permission(
                requestID: requestID, toolName: request["tool_name"]?.stringValue ?? "tool", input: request["input"] ?? .object([:]),
                toolUseID: request["tool_use_id"]?.stringValue, suggestions: request["permission_suggestions"])
        ]
    }

    /// The text of a tool result's content: a string, or text blocks joined.
    static func text(of content: JSONValue) -> String {
        if let text = content.stringValue { return text }
        return (content.arrayValue ?? []).compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
    }
}
