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
    /// Tool names by id, for titling results and recognising TodoWrite.
    private var toolNames: [String: String] = [:]

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
            return [chunk("agent_message_chunk", text)]
        case "thinking_delta":
            guard let text = delta["thinking"]?.stringValue, !text.isEmpty else { return [] }
            return [chunk("agent_thought_chunk", text)]
        default:
            return []
        }
    }

    private func chunk(_ kind: String, _ text: String) -> Event {
        var update: [String: JSONValue] = ["sessionUpdate": .string(kind), "content": ["type": "text", "text": .string(text)]]
        if let messageID { update["messageId"] = .string(messageID) }
        return .update(.object(update))
    }

    private mutating func assistant(_ message: JSONValue) -> [Event] {
        var events: [Event] = []
        for block in message["content"]?.arrayValue ?? [] where block["type"]?.stringValue == "tool_use" {
            guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue, !announcedTools.contains(id) else { continue }
            announcedTools.insert(id)
            toolNames[id] = name
            let input = block["input"] ?? .object([:])
            if let entries = ClaudeToolCall.planEntries(name: name, input: input) {
                events.append(.update(["sessionUpdate": "plan", "entries": .array(entries)]))
                continue
            }
            let call = ClaudeToolCall(name: name, input: input)
            events.append(
                .update([
                    "sessionUpdate": "tool_call", "toolCallId": .string(id), "title": .string(call.title), "kind": .string(call.kind),
                    "status": "pending", "rawInput": input, "locations": .array(call.locations), "content": .array(call.content),
                    "_meta": ["claudeCode": ["toolName": .string(name)]],
                ]))
        }
        return events
    }

    private func toolResults(_ message: JSONValue) -> [Event] {
        (message["content"]?.arrayValue ?? []).compactMap { block in
            guard block["type"]?.stringValue == "tool_result", let id = block["tool_use_id"]?.stringValue,
                  toolNames[id] != "TodoWrite"
            else { return nil }
            let failed = block["is_error"]?.boolValue ?? false
            let output = Self.text(of: block["content"] ?? .null)
            return .update([
                "sessionUpdate": "tool_call_update", "toolCallId": .string(id), "status": .string(failed ? "failed" : "completed"),
                "content": .array(output.isEmpty ? [] : [ClaudeToolCall.text(output)]), "rawOutput": block["content"] ?? .null,
            ])
        }
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
