/// One event of a `text/event-stream`, as ``ServerSentEventParser`` dispatches it.
public struct ServerSentEvent: Sendable, Equatable {
    /// The `id:` field of this event, when it had one.
    public var id: String?
    /// The `event:` field, when it had one (the SSE default type is then `message`).
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String

    /// Creates an event.
    public init(id: String? = nil, event: String? = nil, data: String) {
        self.id = id
        self.event = event
        self.data = data
    }
}
