import Hummingbird
import NIOCore
import ServiceLifecycle
import Synchronization

/// Streams an async sequence as `text/event-stream`, with a comment heartbeat while idle so
/// proxies keep the connection open. Ends when the sequence ends, the client goes away, or the
/// server shuts down (an open stream must not hold the shutdown up).
enum ServerSentEvents {
    /// One SSE message: `event:`, `id:` and a single-line `data:` (JSON has no raw newlines).
    struct Message: Sendable {
        var event: String?
        var id: String?
        var data: String

        var encoded: String {
            var text = ""
            if let event { text += "event: \(event)\n" }
            if let id { text += "id: \(id)\n" }
            return text + "data: \(data)\n\n"
        }
    }

    /// What the writer is handed: text of the sequence, or a heartbeat.
    private enum Chunk: Sendable {
        case text(String)
        case heartbeat
    }

    /// - Parameter events: encoded SSE text, one or several messages per element (a batch is sent
    ///   in one write); empty elements are skipped. The next element is read only once the previous
    ///   one is written, so a stalled client leaves the backlog in `events` — whose own bound
    ///   (the EventLog's, the process log's) then ends the stream after the last element sent, and
    ///   the client resumes with `Last-Event-ID`. Nothing is buffered here beyond one element.
    static func response<Events: AsyncSequence & Sendable>(
        _ events: Events, heartbeat: Duration = .seconds(15)
    ) -> Response where Events.Element == String {
        let body = ResponseBody { writer in
            // At most one element (the next waits for its ack) and one heartbeat wait here.
            let (chunks, continuation) = AsyncStream.makeStream(of: Chunk.self)
            let (written, ack) = AsyncStream.makeStream(of: Void.self)
            let heartbeatWaiting = HeartbeatFlag()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { continuation.finish() }
                    var acks = written.makeAsyncIterator()
                    for try await text in events where !text.isEmpty {
                        continuation.yield(.text(text))
                        guard await acks.next() != nil else { return }
                    }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: heartbeat)
                        if !heartbeatWaiting.value.exchange(true, ordering: .relaxed) { continuation.yield(.heartbeat) }
                    }
                }
                try await withGracefulShutdownHandler {
                    try await writer.write(ByteBuffer(string: ": connected\n\n"))
                    for await chunk in chunks {
                        switch chunk {
                        case .heartbeat:
                            heartbeatWaiting.value.store(false, ordering: .relaxed)
                            try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        case .text(let text):
                            try await writer.write(ByteBuffer(string: text))
                            ack.yield()
                        }
                    }
                } onGracefulShutdown: {
                    continuation.finish()
                }
                ack.finish()
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
            body: body)
    }
}

/// Whether a heartbeat waits for the writer, so a stalled one is sent at most one.
private final class HeartbeatFlag: Sendable {
    let value = Atomic(false)
}
