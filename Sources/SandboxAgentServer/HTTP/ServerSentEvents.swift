import Hummingbird
import NIOCore
import ServiceLifecycle

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

    /// - Parameter events: encoded SSE text, one or several messages per element (a batch is sent
    ///   in one write); empty elements are skipped.
    static func response<Events: AsyncSequence & Sendable>(
        _ events: Events, heartbeat: Duration = .seconds(15)
    ) -> Response where Events.Element == String {
        let body = ResponseBody { writer in
            let (chunks, continuation) = AsyncStream.makeStream(of: String.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { continuation.finish() }
                    for try await text in events where !text.isEmpty { continuation.yield(text) }
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: heartbeat)
                        continuation.yield(": heartbeat\n\n")
                    }
                }
                try await withGracefulShutdownHandler {
                    try await writer.write(ByteBuffer(string: ": connected\n\n"))
                    for await chunk in chunks {
                        try await writer.write(ByteBuffer(string: chunk))
                    }
                } onGracefulShutdown: {
                    continuation.finish()
                }
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
