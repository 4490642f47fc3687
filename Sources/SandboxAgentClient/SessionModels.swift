public import ACP
import Foundation

/// ACP `StopReason` of a prompt turn (open to values added later).
public struct StopReason: OpenStringValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let endTurn = StopReason(rawValue: "end_turn")
    public static let maxTokens = StopReason(rawValue: "max_tokens")
    public static let maxTurnRequests = StopReason(rawValue: "max_turn_requests")
    public static let refusal = StopReason(rawValue: "refusal")
    /// The turn was cancelled (`POST /v1/sessions/{id}/cancel`).
    public static let cancelled = StopReason(rawValue: "cancelled")
}

extension SessionEvent {
    /// An event with `payload` as its envelope (its text encoded with sorted keys).
    public init(id: String, eventIndex: Int64, sessionId: String, createdAt: Int64, sender: EventSender, payload: JSONValue) {
        self.init(id: id, eventIndex: eventIndex, sessionId: sessionId, createdAt: createdAt, sender: sender, payloadJSON: payload.jsonText)
    }

    /// Decodes one event from its JSON text, keeping the payload's text as sent.
    public init(jsonText bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(SessionEvent.self, from: Data(bytes))
        if let range = RawJSONScanner.members(bytes)?["payload"] {
            payloadJSON = String(decoding: bytes[range], as: UTF8.self)
        }
    }

    /// The event as one line of JSON, with the payload's text as sent (re-encoded only when it
    /// spans lines).
    public var jsonLine: String {
        guard payloadJSON.contains(where: \.isNewline) else { return json }
        var flat = self
        flat.payloadJSON = payload.jsonText
        return flat.json
    }

    // MARK: JSON-RPC envelope

    /// The JSON-RPC `method` of a request or notification; nil for responses.
    public var method: String? { payload["method"]?.stringValue }
    /// The JSON-RPC `id` of a request or response; nil for notifications.
    public var rpcId: JSONValue? { payload["id"] }
    /// The `params` of a request or notification.
    public var params: JSONValue? { payload["params"] }
    /// The `result` of a successful response.
    public var result: JSONValue? { payload["result"] }
    /// The `error` (`{code, message, data?}`) of a failed response.
    public var error: JSONValue? { payload["error"] }
    /// Whether this is a JSON-RPC response (an `id` and no `method`).
    public var isResponse: Bool {
        let payload = payload
        return payload["method"] == nil && payload["id"] != nil
    }
    /// The ACP `session/update` this notification carries, decoded; nil for other messages.
    public var update: SessionUpdate? {
        let payload = payload
        guard payload["method"]?.stringValue == ACPMethod.sessionUpdate, let update = payload["params"]?["update"] else { return nil }
        return SessionUpdate(update)
    }
}

extension SessionEventPage {
    /// Decodes a page from its JSON text, keeping each payload's text as sent.
    init(jsonText bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(SessionEventPage.self, from: Data(bytes))
        guard let itemsRange = RawJSONScanner.members(bytes)?["items"],
            let ranges = RawJSONScanner.elements(bytes, in: itemsRange), ranges.count == items.count
        else { return }
        for (index, range) in ranges.enumerated() {
            if let payload = RawJSONScanner.members(bytes, in: range)?["payload"] {
                items[index].payloadJSON = String(decoding: bytes[payload], as: UTF8.self)
            }
        }
    }
}

/// One entry of an ACP `plan` update.
public struct PlanEntry: Sendable, Equatable {
    public var content: String
    /// `high`, `medium` or `low`.
    public var priority: String?
    /// `pending`, `in_progress` or `completed`.
    public var status: String?
}

/// An ACP tool call (`tool_call`) or a change to one (`tool_call_update`: only changed fields).
public struct ToolCallInfo: Sendable, Equatable {
    public var toolCallId: String
    public var title: String?
    /// `read`, `edit`, `delete`, `move`, `search`, `execute`, `think`, `fetch`, `switch_mode`, `other`.
    public var kind: String?
    /// `pending`, `in_progress`, `completed` or `failed`.
    public var status: String?
    /// The text of the `content` items of type `content` with a text block, joined.
    public var text: String?
    /// The whole update object.
    public var raw: JSONValue
}

/// An ACP `session/update` (`params.update`), with the common kinds decoded.
public enum SessionUpdate: Sendable, Equatable {
    /// `user_message_chunk`: part of the user's message (its content block).
    case userMessageChunk(JSONValue)
    /// `agent_message_chunk`: part of the agent's answer (its content block).
    case agentMessageChunk(JSONValue)
    /// `agent_thought_chunk`: part of the agent's reasoning (its content block).
    case agentThoughtChunk(JSONValue)
    /// `tool_call`: a new tool call.
    case toolCall(ToolCallInfo)
    /// `tool_call_update`: changed fields of a tool call.
    case toolCallUpdate(ToolCallInfo)
    /// `plan`: the whole plan.
    case plan([PlanEntry])
    /// `current_mode_update`: the mode changed.
    case currentModeUpdate(String)
    /// Any other kind (`available_commands_update`, `usage_update`, …): its `sessionUpdate` and object.
    case other(kind: String, JSONValue)

    /// Decodes `update` (the object with `sessionUpdate`).
    public init(_ update: JSONValue) {
        let kind = update[SessionUpdateKind.discriminator]?.stringValue ?? ""
        switch SessionUpdateKind(rawValue: kind) {
        case .userMessageChunk?: self = .userMessageChunk(update["content"] ?? .null)
        case .agentMessageChunk?: self = .agentMessageChunk(update["content"] ?? .null)
        case .agentThoughtChunk?: self = .agentThoughtChunk(update["content"] ?? .null)
        case .toolCall?, .toolCallUpdate?:
            guard let id = update["toolCallId"]?.stringValue else {
                self = .other(kind: kind, update)
                return
            }
            let texts = (update["content"]?.arrayValue ?? []).compactMap { item -> String? in
                item["type"]?.stringValue == "content" ? item["content"]?["text"]?.stringValue : nil
            }
            let info = ToolCallInfo(
                toolCallId: id, title: update["title"]?.stringValue, kind: update["kind"]?.stringValue,
                status: update["status"]?.stringValue, text: texts.isEmpty ? nil : texts.joined(), raw: update)
            self = kind == SessionUpdateKind.toolCall.rawValue ? .toolCall(info) : .toolCallUpdate(info)
        case .plan?:
            let entries = (update["entries"]?.arrayValue ?? []).map { entry in
                PlanEntry(
                    content: entry["content"]?.stringValue ?? "", priority: entry["priority"]?.stringValue,
                    status: entry["status"]?.stringValue)
            }
            self = .plan(entries)
        case .currentModeUpdate? where update["currentModeId"]?.stringValue != nil:
            self = .currentModeUpdate(update["currentModeId"]?.stringValue ?? "")
        default:
            self = .other(kind: kind, update)
        }
    }

    /// The `sessionUpdate` kind, for example `agent_message_chunk`.
    public var kind: String {
        switch self {
        case .userMessageChunk: SessionUpdateKind.userMessageChunk.rawValue
        case .agentMessageChunk: SessionUpdateKind.agentMessageChunk.rawValue
        case .agentThoughtChunk: SessionUpdateKind.agentThoughtChunk.rawValue
        case .toolCall: SessionUpdateKind.toolCall.rawValue
        case .toolCallUpdate: SessionUpdateKind.toolCallUpdate.rawValue
        case .plan: SessionUpdateKind.plan.rawValue
        case .currentModeUpdate: SessionUpdateKind.currentModeUpdate.rawValue
        case .other(let kind, _): kind
        }
    }
}

extension JSONValue {
    /// The readable text of an ACP content block: `text` for text blocks, a `[type]` placeholder
    /// (with the uri or name when there is one) for the others.
    public var contentText: String {
        guard let type = self["type"]?.stringValue else { return "" }
        if type == "text" { return self["text"]?.stringValue ?? "" }
        let label = self["uri"]?.stringValue ?? self["name"]?.stringValue ?? self["resource"]?["uri"]?.stringValue
        return label.map { "[\(type): \($0)]" } ?? "[\(type)]"
    }
}
