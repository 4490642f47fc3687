public import NIOCore

/// Incremental parser of a `text/event-stream` body (the WHATWG server-sent events format).
///
/// Feed it the body chunk by chunk; chunks may split lines, line endings (`\r\n`) and UTF-8
/// sequences anywhere. Lines end with LF, CRLF or CR; `:` lines are comments (heartbeats) and are
/// skipped; `data:` lines accumulate and a blank line dispatches the event. An event without data is
/// not dispatched, and an unterminated event at the end of the stream is dropped, as the format says.
public struct ServerSentEventParser: Sendable {
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " ")

    /// Bytes of the line being read.
    private var line: [UInt8] = []
    /// The previous byte was a CR, so a LF right after it belongs to the same line ending.
    private var afterCarriageReturn = false
    /// Fields of the event being assembled.
    private var id: String?
    private var event: String?
    private var dataLines: [String] = []

    /// Creates a parser at the start of a stream.
    public init() {}

    /// Consumes the readable bytes of `buffer` and returns the events they complete.
    public mutating func parse(_ buffer: ByteBuffer) -> [ServerSentEvent] {
        parse(buffer.readableBytesView)
    }

    /// Consumes `bytes` and returns the events they complete, in order.
    public mutating func parse(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if byte == Self.lineFeed { continue }
            }
            switch byte {
            case Self.carriageReturn, Self.lineFeed:
                afterCarriageReturn = byte == Self.carriageReturn
                if let event = endLine() { events.append(event) }
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// Interprets the completed line and returns an event when it was the blank line ending one.
    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        guard let first = line.first else { return dispatch() }
        guard first != Self.colon else { return nil }

        let fieldEnd = line.firstIndex(of: Self.colon) ?? line.endIndex
        var valueStart = min(fieldEnd + 1, line.endIndex)
        if valueStart < line.endIndex, line[valueStart] == Self.space { valueStart += 1 }
        let field = String(decoding: line[..<fieldEnd], as: UTF8.self)
        let value = String(decoding: line[valueStart...], as: UTF8.self)

        switch field {
        case "event": event = value
        case "data": dataLines.append(value)
        case "id" where !value.contains("\0"): id = value
        default: break  // `retry` and unknown fields are ignored.
        }
        return nil
    }

    /// Ends the event being assembled, returning it when it has data.
    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            id = nil
            event = nil
            dataLines.removeAll()
        }
        guard !dataLines.isEmpty else { return nil }
        return ServerSentEvent(id: id, event: event, data: dataLines.joined(separator: "\n"))
    }
}
