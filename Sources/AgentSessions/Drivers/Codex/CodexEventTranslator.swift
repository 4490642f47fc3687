import ACP

/// Turns the notifications of `codex app-server` (its v2 protocol: `item/*`, `turn/*`, `error`)
/// into what the ACP side needs: `session/update` payloads and the turn's start and end.
///
/// Agent text and reasoning stream as `item/agentMessage/delta` and `item/reasoning/*Delta`; an
/// item that never streamed (a provider without deltas) is sent whole from `item/completed`.
/// Tool items (`commandExecution`, `fileChange`, MCP and dynamic tools, web search) take the
/// mock's steps: a `pending` `tool_call` on `item/started` (Codex announces an item before it asks
/// approval for it), `in_progress` once it runs — when the user allowed it (`started`), at its
/// first output, or at the latest right before its result — never for a call the user rejected,
/// and `completed` or `failed` on `item/completed`. Started items are kept so a later approval
/// request can describe the call.
struct CodexEventTranslator {
    enum Event: Equatable {
        /// A `session/update` `update` object.
        case update(JSONValue)
        /// `turn/started`: the turn's id.
        case turnStarted(turnID: String)
        /// `turn/completed`: `completed`, `interrupted` or `failed`, with the turn's `error`.
        case turnCompleted(turnID: String, status: String, error: JSONValue?)
        /// `error`: a turn error; `willRetry` ones are transient.
        case error(message: String, willRetry: Bool, info: JSONValue?)
    }

    /// Items whose text arrived as deltas (so `item/completed` does not repeat it).
    private var streamed: Set<String> = []
    /// Command output gathered from `item/commandExecution/outputDelta`, by item id.
    private var output: [String: String] = [:]
    /// Tool items announced by `item/started`, by id.
    private(set) var items: [String: JSONValue] = [:]
    /// Tool calls the client has seen a `tool_call` for, those reported `in_progress`, and those
    /// the user rejected.
    private var announced: Set<String> = []
    private var running: Set<String> = []
    private var rejected: Set<String> = []

    mutating func translate(method: String, params: JSONValue) -> [Event] {
        switch method {
        case "turn/started":
            guard let id = params["turn"]?["id"]?.stringValue else { return [] }
            return [.turnStarted(turnID: id)]
        case "turn/completed":
            guard let turn = params["turn"], let id = turn["id"]?.stringValue else { return [] }
            let error = turn["error"].flatMap { $0 == .null ? nil : $0 }
            return [.turnCompleted(turnID: id, status: turn["status"]?.stringValue ?? "completed", error: error)]
        case "error":
            let error = params["error"] ?? .null
            return [.error(message: error["message"]?.stringValue ?? "Codex reported an error",
                           willRetry: params["willRetry"]?.boolValue ?? false, info: error["codexErrorInfo"])]
        case "item/agentMessage/delta":
            return chunk(AgentMessageChunk.self, params)
        case "item/reasoning/textDelta", "item/reasoning/summaryTextDelta":
            return chunk(AgentThoughtChunk.self, params)
        case "item/commandExecution/outputDelta":
            guard let id = params["itemId"]?.stringValue, let delta = params["delta"]?.stringValue else { return [] }
            output[id, default: ""] += delta
            return started(id).map { [$0] } ?? []
        case "item/started":
            return itemStarted(params["item"] ?? .null)
        case "item/completed":
            return completed(params["item"] ?? .null)
        case "turn/plan/updated":
            let entries = (params["plan"]?.arrayValue ?? []).map { step in
                let status = ["pending": "pending", "inProgress": "in_progress", "completed": "completed"][step["status"]?.stringValue ?? ""] ?? "pending"
                return Plan.Entry(content: step["step"]?.stringValue ?? "", priority: "medium", status: status)
            }
            return [.update(Plan(entries: entries).json)]
        default:
            return []
        }
    }

    private mutating func chunk<Role>(_: ContentChunk<Role>.Type, _ params: JSONValue) -> [Event] {
        guard let delta = params["delta"]?.stringValue, !delta.isEmpty else { return [] }
        let id = params["itemId"]?.stringValue  // ACP's messageId: the chunks of one Codex item
        if let id { streamed.insert(id) }
        return [.update(ContentChunk<Role>(text: delta, messageId: id).json)]
    }

    private mutating func itemStarted(_ item: JSONValue) -> [Event] {
        guard let id = item["id"]?.stringValue, CodexToolCall(item: item) != nil else { return [] }
        items[id] = item
        return announce(item)
    }

    /// The `in_progress` update of an announced tool call, once, unless the user rejected it.
    mutating func started(_ id: String) -> Event? {
        guard announced.contains(id), !rejected.contains(id), running.insert(id).inserted else { return nil }
        return .update(ToolCallUpdate(toolCallId: id, status: "in_progress").json)
    }

    /// The `pending` `tool_call` of a tool item, once per item (nothing for other items).
    mutating func announce(_ item: JSONValue) -> [Event] {
        guard let id = item["id"]?.stringValue, let call = CodexToolCall(item: item), announced.insert(id).inserted else { return [] }
        return [
            .update(
                ToolCall(
                    toolCallId: id, title: call.title, kind: call.kind, status: "pending", content: call.content, locations: call.locations,
                    rawInput: call.rawInput, meta: ["codex": ["itemType": item["type"] ?? .null]]
                ).json)
        ]
    }

    /// A tool call the user rejected: no `in_progress` for it.
    mutating func reject(_ id: String) {
        rejected.insert(id)
    }

    private mutating func completed(_ item: JSONValue) -> [Event] {
        guard let id = item["id"]?.stringValue else { return [] }
        switch item["type"]?.stringValue {
        case "agentMessage":
            guard !streamed.contains(id), let text = item["text"]?.stringValue, !text.isEmpty else { return [] }
            return [.update(AgentMessageChunk(text: text, messageId: id).json)]
        case "reasoning":
            guard !streamed.contains(id) else { return [] }
            let parts = (item["summary"]?.arrayValue ?? []) + (item["content"]?.arrayValue ?? [])
            let text = parts.compactMap(\.stringValue).joined(separator: "\n\n")
            guard !text.isEmpty else { return [] }
            return [.update(AgentThoughtChunk(text: text, messageId: id).json)]
        default:
            guard items.removeValue(forKey: id) != nil || CodexToolCall(item: item) != nil else { return [] }
            let gathered = output.removeValue(forKey: id)
            let status = Self.status(item)
            var update = ToolCallUpdate(toolCallId: id, status: status)
            switch item["type"]?.stringValue {
            case "commandExecution":
                // Content and rawOutput as Claude Code's: the output as text, `{output, exitCode}`.
                let text = item["aggregatedOutput"]?.stringValue ?? gathered ?? ""
                update.content = text.isEmpty ? [] : [CodexToolCall.text(text)]
                update.rawOutput = ["output": .string(text), "exitCode": item["exitCode"] ?? .null]
            case "fileChange":
                // A completed edit keeps its diff, as the mock's and Claude Code's do.
                let diffs = (item["changes"]?.arrayValue ?? []).compactMap(CodexToolCall.diff)
                update.content = status == "completed" ? diffs : []
                update.rawOutput = ["output": ""]
            case "mcpToolCall":
                update.rawOutput = item["result"] ?? item["error"] ?? .null
            case "dynamicToolCall":
                update.rawOutput = item["contentItems"] ?? .null
            default:
                update.rawOutput = ["output": ""]
            }
            if item["status"]?.stringValue == "declined" { reject(id) }  // never ran
            return announce(item) + (started(id).map { [$0] } ?? []) + [.update(update.json)]
        }
    }

    /// An ACP tool call status for a finished item (`declined` counts as failed).
    static func status(_ item: JSONValue) -> String {
        switch item["status"]?.stringValue {
        case "completed": "completed"
        case "inProgress": "in_progress"
        case nil: "completed"
        default: "failed"
        }
    }
}
