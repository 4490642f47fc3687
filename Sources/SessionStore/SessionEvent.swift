import Foundation

/// Who sent a message of a session's transcript.
public enum EventSender: String, Codable, Sendable {
    /// The server, acting as the ACP client, wrote it to the agent.
    case client
    /// The agent wrote it.
    case agent
    /// The server itself added it (`_sandboxagent/...` notifications).
    case server
}

/// One message of a session's transcript: a JSON-RPC envelope with its place and time.
///
/// `payload` is the envelope's JSON text exactly as it crossed the wire (agent lines are never
/// re-serialised), so `_meta` and unknown fields survive.
public struct SessionEvent: Sendable, Equatable {
    /// A UUID.
    public var id: String
    /// 0-based, gap-free per session: the SSE `id:` and the `offset` of listings.
    public var eventIndex: Int64
    public var sessionId: String
    /// Epoch milliseconds.
    public var createdAt: Int64
    public var sender: EventSender
    /// The JSON-RPC envelope as JSON text.
    public var payload: String

    public init(id: String, eventIndex: Int64, sessionId: String, createdAt: Int64, sender: EventSender, payload: String) {
        self.id = id
        self.eventIndex = eventIndex
        self.sessionId = sessionId
        self.createdAt = createdAt
        self.sender = sender
        self.payload = payload
    }

    /// The event as one JSON object, with the payload spliced in as is (no re-encoding).
    public var json: String {
        "{\"id\":\"\(id)\",\"eventIndex\":\(eventIndex),\"sessionId\":\(Self.quoted(sessionId)),\"createdAt\":\(createdAt),\"sender\":\"\(sender.rawValue)\",\"payload\":\(payload)}"
    }

    /// `text` as a JSON string literal. Session ids are plain ASCII, so the common case is a
    /// scan and two quotes; anything that needs escaping goes through the encoder. (This runs once
    /// per event on the streaming path.)
    private static func quoted(_ text: String) -> String {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if plain { return "\"" + text + "\"" }
        return String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
