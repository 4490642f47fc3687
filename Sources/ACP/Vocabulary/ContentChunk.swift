/// Whose text a ``ContentChunk`` carries; names the chunk's update kind.
public protocol ContentChunkRole: Sendable {
    static var kind: SessionUpdateKind { get }
}

/// Part of the user's message (sent when a session is loaded).
public enum UserMessageRole: ContentChunkRole {
    public static var kind: SessionUpdateKind { .userMessageChunk }
}

/// Part of the agent's answer.
public enum AgentMessageRole: ContentChunkRole {
    public static var kind: SessionUpdateKind { .agentMessageChunk }
}

/// Part of the agent's reasoning.
public enum AgentThoughtRole: ContentChunkRole {
    public static var kind: SessionUpdateKind { .agentThoughtChunk }
}

/// A streamed piece of a message (schema `ContentChunk`): `user_message_chunk`,
/// `agent_message_chunk` or `agent_thought_chunk`, after `Role`.
public struct ContentChunk<Role: ContentChunkRole>: SessionUpdatePayload, Equatable {
    public static var kind: SessionUpdateKind { Role.kind }

    /// One `ContentBlock` (`text`, `image`, …), passed through.
    public var content: JSONValue
    /// The message the chunk belongs to; chunks of one message share it.
    public var messageId: String?

    public init(content: JSONValue, messageId: String? = nil) {
        self.content = content
        self.messageId = messageId
    }

    /// A chunk of `text` (a `text` content block).
    public init(text: String, messageId: String? = nil) {
        self.init(content: ["type": "text", "text": .string(text)], messageId: messageId)
    }

    /// The update object, built without an encoder: chunks are the bulk of the traffic (the mock
    /// agent's `/flood` writes well over 100,000 a second). The Codable members' object (tested).
    public var json: JSONValue {
        var members = [String: JSONValue](minimumCapacity: 3)  // and the discriminator
        members[CodingKeys.content.rawValue] = content
        if let messageId { members[CodingKeys.messageId.rawValue] = .string(messageId) }
        return Self.updateObject(members)
    }

    enum CodingKeys: String, CodingKey {
        case content, messageId
    }
}

/// `user_message_chunk`.
public typealias UserMessageChunk = ContentChunk<UserMessageRole>
/// `agent_message_chunk`.
public typealias AgentMessageChunk = ContentChunk<AgentMessageRole>
/// `agent_thought_chunk`.
public typealias AgentThoughtChunk = ContentChunk<AgentThoughtRole>
