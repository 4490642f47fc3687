public import ACP
import Foundation

/// One message of a session's transcript: a JSON-RPC 2.0 envelope with its place and time.
///
/// ``payloadJSON`` is the envelope's JSON text exactly as it crossed the wire (agent lines are
/// never re-serialised), so `_meta` and unknown fields survive; ``json`` splices it in unchanged.
public struct SessionEvent: Sendable, Equatable {
    /// A UUID.
    public var id: String
    /// 0-based and gap-free per session: the SSE `id:` and the `offset` of listings.
    public var eventIndex: Int64
    public var sessionId: String
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64
    public var sender: EventSender
    /// The JSON-RPC envelope as JSON text.
    public var payloadJSON: String

    public init(id: String, eventIndex: Int64, sessionId: String, createdAt: Int64, sender: EventSender, payloadJSON: String) {
        self.id = id
        self.eventIndex = eventIndex
        self.sessionId = sessionId
        self.createdAt = createdAt
        self.sender = sender
        self.payloadJSON = payloadJSON
    }

    /// The JSON-RPC envelope, decoded (`null` when the text is not JSON).
    public var payload: JSONValue { (try? JSONValue(jsonText: payloadJSON)) ?? .null }

    /// The event as one JSON object, with the payload spliced in as is (no re-encoding).
    public var json: String {
        "{\"id\":\(Self.quoted(id)),\"eventIndex\":\(eventIndex),\"sessionId\":\(Self.quoted(sessionId)),\"createdAt\":\(createdAt),\"sender\":\"\(sender.rawValue)\",\"payload\":\(payloadJSON)}"
    }

    /// `text` as a JSON string literal. Ids are plain ASCII, so the common case is a scan and two
    /// quotes; anything that needs escaping goes through the encoder. (This runs once per event on
    /// the streaming path.)
    static func quoted(_ text: String) -> String {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if plain { return "\"" + text + "\"" }
        return String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}

extension SessionEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case id, eventIndex, sessionId, createdAt, sender, payload
    }

    /// Decodes an event; the payload's text is re-encoded (with sorted keys) from its value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        eventIndex = try container.decode(Int64.self, forKey: .eventIndex)
        sessionId = try container.decode(String.self, forKey: .sessionId)
        createdAt = try container.decode(Int64.self, forKey: .createdAt)
        sender = try container.decode(EventSender.self, forKey: .sender)
        payloadJSON = try container.decode(JSONValue.self, forKey: .payload).jsonText
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
}

/// A page of `GET /v1/sessions/{id}/events` (`SessionEventsResponse`).
public struct SessionEventPage: Codable, Sendable, Equatable {
    /// Events in `eventIndex` order.
    public var items: [SessionEvent]
    /// The `eventIndex` after the last returned event (the requested offset when none was returned).
    public var nextOffset: Int64

    public init(items: [SessionEvent], nextOffset: Int64) {
        self.items = items
        self.nextOffset = nextOffset
    }

    /// The page as one JSON object, each payload spliced in unchanged.
    public var json: String {
        "{\"items\":[" + items.map(\.json).joined(separator: ",") + "],\"nextOffset\":\(nextOffset)}"
    }
}
