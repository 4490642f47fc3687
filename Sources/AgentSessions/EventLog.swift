public import ACP
import Foundation
public import Logging
public import SessionStore
import Synchronization

/// The transcript of one session: assigns gap-free `eventIndex`es, persists events in batches,
/// and only then hands them to subscribers — so nothing a client was shown can be missing from
/// the store after a crash. Subscribers replay from the store and continue live, with no gap and
/// no duplicate between the two.
public final class EventLog: Sendable {
    public let sessionId: String
    private let store: any SessionStore
    private let logger: Logger
    private let state: Mutex<State>

    private struct State {
        var nextIndex: Int64
        /// Events persisted and delivered: indices below this are in the store.
        var published: Int64
        var pending: [SessionEvent] = []
        var flushing = false
        var subscribers: [Int: Subscriber] = [:]
        var nextSubscriber = 0
        var flushWaiters: [(Int64, CheckedContinuation<Void, Never>)] = []
        var ids = EventIDGenerator()
    }

    private struct Subscriber {
        var continuation: AsyncStream<[SessionEvent]>.Continuation
        var from: Int64
        /// While the replay from the store runs, live events wait here.
        var buffered: [SessionEvent]?
    }

    /// - Parameter nextIndex: the session's event count in the store (0 for a new session).
    public init(sessionId: String, nextIndex: Int64, store: any SessionStore, logger: Logger) {
        self.sessionId = sessionId
        self.store = store
        self.logger = logger
        self.state = Mutex(State(nextIndex: nextIndex, published: nextIndex))
    }

    /// Appends an event; returns its index. Persistence and delivery follow asynchronously, in order.
    @discardableResult
    public func append(_ sender: EventSender, _ payload: String) -> Int64 {
        let now = Self.nowMs()
        let (index, startFlush) = state.withLock { state -> (Int64, Bool) in
            let event = SessionEvent(
                id: state.ids.next(), eventIndex: state.nextIndex, sessionId: sessionId, createdAt: now, sender: sender,
                payload: payload)
            state.nextIndex += 1
            state.pending.append(event)
            defer { state.flushing = true }
            return (event.eventIndex, !state.flushing)
        }
        if startFlush { Task { await flush() } }
        return index
    }

    /// Appends a server notification `_sandboxagent/<name>` with `params`.
    @discardableResult
    public func appendServerNotification(_ method: String, _ params: JSONValue) -> Int64 {
        append(.server, JSONRPCMessage.notification(method: method, params: params).line())
    }

    /// Waits until every event appended so far is persisted and delivered.
    public func waitUntilFlushed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.published >= state.nextIndex { return true }
                state.flushWaiters.append((state.nextIndex, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// A page of the transcript from `offset` (everything appended so far is flushed first).
    public func events(offset: Int64, limit: Int) async throws(AgentSessionError) -> [SessionEvent] {
        await waitUntilFlushed()
        do {
            return try await store.events(sessionId: sessionId, offset: offset, limit: limit)
        } catch {
            throw AgentSessionError(.storage, "cannot read the transcript of \(sessionId): \(error)")
        }
    }

    /// Batches a subscriber may fall behind before its stream is ended.
    static let subscriberBacklog = 1024

    /// Events from `offset` on, in batches (as they were persisted, so a writer can send a batch
    /// in one write): the stored ones, then live ones. The stream ends when the subscriber stops —
    /// or when it falls more than `subscriberBacklog` batches behind: rather than buffer without
    /// bound or skip events, the stream ends after the last event it delivered, and the client
    /// resumes from there (`Last-Event-ID`), reading the rest from the store.
    public func subscribe(from offset: Int64) -> AsyncStream<[SessionEvent]> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: [SessionEvent].self, bufferingPolicy: .bufferingOldest(Self.subscriberBacklog))
        let (key, replayEnd) = state.withLock { state -> (Int, Int64) in
            let key = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[key] = Subscriber(continuation: continuation, from: offset, buffered: [])
            return (key, state.published)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) }
        }
        Task {
            var next = offset
            while next < replayEnd {
                let page = (try? await store.events(sessionId: sessionId, offset: next, limit: 1000)) ?? []
                guard !page.isEmpty else { break }
                if case .dropped = continuation.yield(page.filter { $0.eventIndex < replayEnd }) {
                    continuation.finish()
                    return
                }
                next = page.last!.eventIndex + 1
            }
            let overflowed = state.withLock { state -> Bool in
                guard let buffered = state.subscribers[key]?.buffered else { return false }
                state.subscribers[key]?.buffered = nil
                let live = buffered.filter { $0.eventIndex >= offset }
                guard !live.isEmpty, case .dropped = continuation.yield(live) else { return false }
                state.subscribers.removeValue(forKey: key)
                return true
            }
            if overflowed { continuation.finish() }
        }
        return stream
    }

    private func flush() async {
        while true {
            let batch = state.withLock { state -> [SessionEvent] in
                defer { state.pending.removeAll(keepingCapacity: true) }
                if state.pending.isEmpty { state.flushing = false }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            await persist(batch)
            let (waiters, overflowing) = state.withLock { state in
                state.published = batch.last!.eventIndex + 1
                var overflowing: [AsyncStream<[SessionEvent]>.Continuation] = []
                for key in state.subscribers.keys {
                    if state.subscribers[key]!.buffered != nil {
                        state.subscribers[key]!.buffered!.append(contentsOf: batch)
                        continue
                    }
                    let subscriber = state.subscribers[key]!
                    let wanted = batch[0].eventIndex >= subscriber.from ? batch : batch.filter { $0.eventIndex >= subscriber.from }
                    if !wanted.isEmpty, case .dropped = subscriber.continuation.yield(wanted) {
                        state.subscribers.removeValue(forKey: key)
                        overflowing.append(subscriber.continuation)
                    }
                }
                let ready = state.flushWaiters.filter { $0.0 <= state.published }.map(\.1)
                state.flushWaiters.removeAll { $0.0 <= state.published }
                return (ready, overflowing)
            }
            // Outside the lock: finishing runs onTermination, which takes it.
            for continuation in overflowing { continuation.finish() }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Writes a batch, retrying briefly; a store that keeps failing is logged, and the events are
    /// still delivered (they stay in the replies and streams of this run).
    private func persist(_ batch: [SessionEvent]) async {
        for attempt in 1...3 {
            do {
                try await store.appendEvents(batch)
                return
            } catch {
                logger.error("cannot store events", metadata: ["session": "\(sessionId)", "attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
