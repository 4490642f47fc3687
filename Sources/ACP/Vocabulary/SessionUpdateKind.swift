/// The kinds of a `session/update` notification (its `update.sessionUpdate`), ACP v1 schema 1.21.
///
/// The discriminator is spelled only here: drivers and the mock agent build updates as
/// ``SessionUpdatePayload``s (one type per kind; ``SessionUpdatePayload/json`` writes the
/// discriminator), the session engine and the client switch on ``init(of:)``, and the engine's
/// connection classifies a raw line with ``init(scanning:)``. Unknown kinds (unstable or
/// newer ones) have no case: readers pass them through untouched, as the protocol requires.
public enum SessionUpdateKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Part of the user's message: `content`, `messageId?` (sent when a session is loaded).
    case userMessageChunk = "user_message_chunk"
    /// Part of the agent's answer: `content`, `messageId?`.
    case agentMessageChunk = "agent_message_chunk"
    /// Part of the agent's reasoning: `content`, `messageId?`.
    case agentThoughtChunk = "agent_thought_chunk"
    /// A new tool call: `toolCallId`, `title`, `kind?`, `status?`, `content?`, `locations?`, `rawInput?`, `rawOutput?`.
    case toolCall = "tool_call"
    /// The changed fields of a tool call: `toolCallId` and any field of ``toolCall``.
    case toolCallUpdate = "tool_call_update"
    /// The whole plan: `entries` (`content`, `priority`, `status`).
    case plan
    /// The slash commands the agent offers: `availableCommands`.
    case availableCommandsUpdate = "available_commands_update"
    /// The mode changed: `currentModeId`.
    case currentModeUpdate = "current_mode_update"
    /// The config options changed: `configOptions` (the complete list).
    case configOptionUpdate = "config_option_update"
    /// The session's metadata changed: `title?`, `updatedAt?`.
    case sessionInfoUpdate = "session_info_update"
    /// Context use and cost: `used`, `size`, `cost?` (`amount`, `currency`).
    case usageUpdate = "usage_update"

    /// The member of an update object that names its kind.
    public static let discriminator = "sessionUpdate"

    /// The kind of an update object (`params.update`); nil when it has none or an unknown one.
    public init?(of update: JSONValue?) {
        guard let name = update?[Self.discriminator]?.stringValue else { return nil }
        self.init(rawValue: name)
    }

    /// The kind of the `session/update` notification in `line`, found by walking the JSON
    /// structure to `params.update.sessionUpdate` without decoding anything else: text chunks,
    /// the bulk of the traffic, are classified without being parsed, and text that merely
    /// mentions a kind is never mistaken for one. Nil when the line has no such member or an
    /// unknown kind. The line is assumed to be JSON-RPC (its head already parsed).
    public init?(scanning line: some StringProtocol) {
        let bytes = Array(line.utf8)
        guard let params = RawJSONScanner.member("params", of: bytes),
            let update = RawJSONScanner.member("update", of: bytes, in: params),
            let kind = RawJSONScanner.member(Self.discriminator, of: bytes, in: update),
            let name = RawJSONScanner.string(bytes, in: kind)
        else { return nil }
        self.init(rawValue: name)
    }
}
