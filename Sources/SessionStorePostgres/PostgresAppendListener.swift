import Logging
import PostgresNIO
import SessionStore

/// LISTENs on `PostgresAppendChannel` on a connection of its own and turns its notifications into
/// `StoreNotice`s. Each time the LISTEN is in place (first, and after a lost connection is opened
/// again, backing off up to 5 s) it sends `.resync`: notifications before it may have been missed.
enum PostgresAppendListener {
    static func notices(url: PostgresURL, logger: Logger) -> AsyncStream<StoreNotice> {
        let (stream, continuation) = AsyncStream.makeStream(of: StoreNotice.self, bufferingPolicy: .bufferingNewest(65_536))
        let task = Task {
            var delay = Duration.milliseconds(100)
            while !Task.isCancelled {
                do {
                    try await PostgresSessionStore.withConnection(url, logger: logger) { connection in
                        try await connection.listen(on: PostgresAppendChannel.name) { notifications in
                            continuation.yield(.resync)
                            delay = .milliseconds(100)
                            for try await notification in notifications {
                                guard let (sessionId, count) = PostgresAppendChannel.parse(notification.payload) else { continue }
                                continuation.yield(.appended(sessionId: sessionId, count: count))
                            }
                        }
                    }
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("lost the PostgreSQL notification connection; reconnecting", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
