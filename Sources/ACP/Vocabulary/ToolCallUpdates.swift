/// Whether a ``ToolCallPayload`` announces a call or changes one; names its update kind.
public protocol ToolCallRole: Sendable {
    static var kind: SessionUpdateKind { get }
}

/// A new tool call (schema `ToolCall`): `title` is required.
public enum NewToolCallRole: ToolCallRole {
    public static var kind: SessionUpdateKind { .toolCall }
}

/// The changed fields of a tool call (schema `ToolCallUpdate`): only `toolCallId` is required.
public enum ChangedToolCallRole: ToolCallRole {
    public static var kind: SessionUpdateKind { .toolCallUpdate }
}

/// A tool call's members, as `tool_call` and `tool_call_update` share them (after `Role`).
public struct ToolCallPayload<Role: ToolCallRole>: SessionUpdatePayload, Equatable {
    public static var kind: SessionUpdateKind { Role.kind }

    public var toolCallId: String
    /// What the call does, for people (required in a ``ToolCall``).
    public var title: String?
    /// `read`, `edit`, `delete`, `move`, `search`, `execute`, `think`, `fetch`, `switch_mode` or `other`.
    public var kind: String?
    /// `pending`, `in_progress`, `completed` or `failed`.
    public var status: String?
    /// `ToolCallContent` items (`content`, `diff`, `terminal`), passed through.
    public var content: [JSONValue]?
    /// `ToolCallLocation`s (`path`, `line?`), passed through.
    public var locations: [JSONValue]?
    public var rawInput: JSONValue?
    public var rawOutput: JSONValue?
    /// Agent-specific extras (`_meta`).
    public var meta: JSONValue?

    public init(
        toolCallId: String, title: String? = nil, kind: String? = nil, status: String? = nil, content: [JSONValue]? = nil,
        locations: [JSONValue]? = nil, rawInput: JSONValue? = nil, rawOutput: JSONValue? = nil, meta: JSONValue? = nil
    ) {
        self.toolCallId = toolCallId
        self.title = title
        self.kind = kind
        self.status = status
        self.content = content
        self.locations = locations
        self.rawInput = rawInput
        self.rawOutput = rawOutput
        self.meta = meta
    }

    enum CodingKeys: String, CodingKey {
        case toolCallId, title, kind, status, content, locations, rawInput, rawOutput
        case meta = "_meta"
    }
}

/// `tool_call`: a new tool call.
public typealias ToolCall = ToolCallPayload<NewToolCallRole>
/// `tool_call_update`: the changed fields of a tool call.
public typealias ToolCallUpdate = ToolCallPayload<ChangedToolCallRole>
