public import ACP
import Foundation

/// Lifecycle state of a session: `starting`, `active` or `ended` (open to values added later).
public struct SessionStatus: OpenStringValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The agent is being started and initialised.
    public static let starting = SessionStatus(rawValue: "starting")
    /// The agent runs and accepts prompts.
    public static let active = SessionStatus(rawValue: "active")
    /// The agent is gone; `resume` brings it back.
    public static let ended = SessionStatus(rawValue: "ended")
}

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

/// A server-side agent session (`Session` in the OpenAPI document).
public struct Session: Codable, Sendable, Equatable {
    /// Session id, for example `sess_4f1c2b7a9d0e3f6a8b1c`.
    public var id: String
    /// Agent id, for example `mock` or `claude`.
    public var agent: String
    /// The agent's own ACP `sessionId`.
    public var agentSessionId: String?
    public var status: SessionStatus
    /// Absolute working directory of the agent.
    public var cwd: String
    /// Creation time, milliseconds since the Unix epoch.
    public var createdAt: Int64
    /// End time, milliseconds since the Unix epoch (only when ended).
    public var endedAt: Int64?
    /// Why the session ended: `deleted`, `agent_exited`, `server_restarted`, `server_shutdown`, `start_failed`.
    public var endReason: String?
    /// ACP `SessionModeState` (`{currentModeId, availableModes}`) as the agent last reported it.
    public var modes: JSONValue?
    /// ACP config options as the agent last reported them.
    public var configOptions: JSONValue?

    public init(
        id: String, agent: String, agentSessionId: String? = nil, status: SessionStatus, cwd: String, createdAt: Int64,
        endedAt: Int64? = nil, endReason: String? = nil, modes: JSONValue? = nil, configOptions: JSONValue? = nil
    ) {
        self.id = id
        self.agent = agent
        self.agentSessionId = agentSessionId
        self.status = status
        self.cwd = cwd
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.endReason = endReason
        self.modes = modes
        self.configOptions = configOptions
    }

    /// The current mode id, when the agent reports modes.
    public var currentModeId: String? { modes?["currentModeId"]?.stringValue }
}

/// A page of `GET /v1/sessions`.
public struct SessionListResponse: Codable, Sendable, Equatable {
    /// Sessions in creation order.
    public var items: [Session]
    /// Pass as `cursor` for the next page; nil on the last page.
    public var nextCursor: String?

    public init(items: [Session], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    // `nextCursor` is always sent, `null` on the last page.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// An ACP `PermissionOption` offered by the agent.
public struct PermissionOption: Codable, Sendable, Equatable {
    /// Agent-defined option id.
    public var optionId: String
    public var name: String
    /// `allow_once`, `allow_always`, `reject_once` or `reject_always`.
    public var kind: String

    public init(optionId: String, name: String, kind: String) {
        self.optionId = optionId
        self.name = name
        self.kind = kind
    }
}

/// A pending `session/request_permission` from the agent.
public struct PermissionRequest: Codable, Sendable, Equatable {
    /// Server-assigned id, for example `perm_1`; answer with it.
    public var permissionId: String
    /// Session id (not the agent's session id).
    public var sessionId: String
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64
    /// The ACP `ToolCallUpdate` the agent asks about (`toolCallId`, usually `title`, `rawInput`).
    public var toolCall: JSONValue
    public var options: [PermissionOption]
    /// Always `once`, `always`, `reject`.
    public var availableReplies: [String]

    public init(
        permissionId: String, sessionId: String, createdAt: Int64, toolCall: JSONValue, options: [PermissionOption],
        availableReplies: [String] = ["once", "always", "reject"]
    ) {
        self.permissionId = permissionId
        self.sessionId = sessionId
        self.createdAt = createdAt
        self.toolCall = toolCall
        self.options = options
        self.availableReplies = availableReplies
    }

    /// `toolCall.toolCallId`.
    public var toolCallId: String? { toolCall["toolCallId"]?.stringValue }
    /// `toolCall.title`.
    public var toolTitle: String? { toolCall["title"]?.stringValue }
}

/// Reply of `GET /v1/sessions/{id}/permissions`.
public struct PermissionListResponse: Codable, Sendable, Equatable {
    public var permissions: [PermissionRequest]
    public init(permissions: [PermissionRequest]) { self.permissions = permissions }
}

/// Who wrote a transcript message: `client` (the server as ACP client, to the agent), `agent`, or
/// `server` (`_sandboxagent/…` notifications).
public struct EventSender: OpenStringValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let client = EventSender(rawValue: "client")
    public static let agent = EventSender(rawValue: "agent")
    public static let server = EventSender(rawValue: "server")
}

/// One message of a session's transcript: a JSON-RPC 2.0 envelope with its place and time.
public struct SessionEvent: Codable, Sendable, Equatable {
    /// A UUID.
    public var id: String
    /// 0-based and gap-free per session: the SSE `id:` and the `offset` of listings.
    public var eventIndex: Int64
    public var sessionId: String
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64
    public var sender: EventSender
    /// The JSON-RPC envelope, decoded.
    public var payload: JSONValue
    /// The JSON-RPC envelope as JSON text, exactly as the server sent it when the event came from
    /// ``SandboxAgentClient/events(sessionId:offset:limit:)`` or
    /// ``SandboxAgentClient/followEvents(sessionId:offset:lastEventId:)`` (re-encoded otherwise).
    public var payloadJSON: String

    private enum CodingKeys: String, CodingKey {
        case id, eventIndex, sessionId, createdAt, sender, payload
    }

    public init(id: String, eventIndex: Int64, sessionId: String, createdAt: Int64, sender: EventSender, payload: JSONValue) {
        self.id = id
        self.eventIndex = eventIndex
        self.sessionId = sessionId
        self.createdAt = createdAt
        self.sender = sender
        self.payload = payload
        self.payloadJSON = payload.jsonText
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        eventIndex = try container.decode(Int64.self, forKey: .eventIndex)
        sessionId = try container.decode(String.self, forKey: .sessionId)
        createdAt = try container.decode(Int64.self, forKey: .createdAt)
        sender = try container.decode(EventSender.self, forKey: .sender)
        payload = try container.decode(JSONValue.self, forKey: .payload)
        payloadJSON = payload.jsonText
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(eventIndex, forKey: .eventIndex)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(sender, forKey: .sender)
        try container.encode(payload, forKey: .payload)
    }

    /// Decodes one event from its JSON text, keeping the payload's text as sent.
    public init(jsonText bytes: [UInt8]) throws {
        self = try JSONDecoder().decode(SessionEvent.self, from: Data(bytes))
        if let range = RawJSONScanner.members(bytes)?["payload"] {
            payloadJSON = String(decoding: bytes[range], as: UTF8.self)
        }
    }

    /// The event as one line of JSON, with the payload's text as sent.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        func quoted(_ text: String) -> String {
            (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        }
        let payloadText = payloadJSON.contains(where: \.isNewline) ? payload.jsonText : payloadJSON
        return "{\"id\":\(quoted(id)),\"eventIndex\":\(eventIndex),\"sessionId\":\(quoted(sessionId)),"
            + "\"createdAt\":\(createdAt),\"sender\":\(quoted(sender.rawValue)),\"payload\":\(payloadText)}"
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
    public var isResponse: Bool { method == nil && rpcId != nil }
    /// The ACP `session/update` this notification carries, decoded; nil for other messages.
    public var update: SessionUpdate? {
        guard method == ACPMethod.sessionUpdate, let update = params?["update"] else { return nil }
        return SessionUpdate(update)
    }
}

/// A page of `GET /v1/sessions/{id}/events`.
public struct SessionEventPage: Codable, Sendable, Equatable {
    /// Events in `eventIndex` order.
    public var items: [SessionEvent]
    /// The `eventIndex` after the last returned event (the requested offset when none was returned).
    public var nextOffset: Int64

    public init(items: [SessionEvent], nextOffset: Int64) {
        self.items = items
        self.nextOffset = nextOffset
    }

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
