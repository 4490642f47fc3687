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
    private let subscriberBacklog: Int
    private let state: Mutex<State>

    private struct State {
        var nextIndex: Int64
        /// Events persisted and delivered: indices below this are in the store.
        var published: Int64
        var pending: [SessionEvent] = []
        var flushing = false
        var subscribers: [Int: EventSubscription] = [:]
        var nextSubscriber = 0
        var flushWaiters: [(Int64, CheckedContinuation<Void, Never>)] = []
        var ids = EventIDGenerator()
    }

    /// - Parameters:
    ///   - nextIndex: the session's event count in the store (0 for a new session).
    ///   - subscriberBacklog: events a subscriber may fall behind before its stream is ended.
    public init(
        sessionId: String, nextIndex: Int64, store: any SessionStore, logger: Logger,
        subscriberBacklog: Int = EventLog.subscriberBacklog
    ) {
        self.sessionId = sessionId
        self.store = store
        self.logger = logger
        self.subscriberBacklog = subscriberBacklog
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
    /// How many events the session has (the next event's index).
    public var count: Int64 { state.withLock { $0.nextIndex } }

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
            throw AgentSessionError(.storage, "cannot read the transcript of \(sessionId): \(error)", cause: error)
        }
    }

    /// Events a subscriber may fall behind (delivered to it but not yet taken) before its stream
    /// is ended. The events are shared by every subscriber, so lagging readers cost little each.
    public static let subscriberBacklog = 16_384

    /// Events from `offset` on, in batches (as they were persisted, so a writer can send a batch
    /// in one write): the stored ones, read from the store as the subscriber asks for them, then
    /// live ones. The stream ends when the subscriber stops — or when it falls more than
    /// `subscriberBacklog` events behind: rather than buffer without bound or skip events, the
    /// stream ends after the last event it delivered, and the client resumes from there
    /// (`Last-Event-ID`), reading the rest from the store.
    public func subscribe(from offset: Int64) -> AsyncStream<[SessionEvent]> {
        let (key, subscription) = state.withLock { state -> (Int, EventSubscription) in
            let key = state.nextSubscriber
            state.nextSubscriber += 1
            let subscription = EventSubscription(
                sessionId: sessionId, store: store, from: offset, replayEnd: state.published, limit: subscriberBacklog)
            state.subscribers[key] = subscription
            return (key, subscription)
        }
        return AsyncStream(
            unfolding: { [weak self] in
                guard let batch = await subscription.next() else {
                    _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) }
                    return nil
                }
                return batch
            },
            onCancel: { [weak self] in
                subscription.close()
                _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) }
            })
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
            let waiters = state.withLock { state in
                state.published = batch.last!.eventIndex + 1
                // A subscriber too far behind is closed by `deliver` and forgotten here; it still
                // gets what was queued for it, then its stream ends.
                for part in Self.deliveryParts(of: batch) {
                    for (key, subscription) in state.subscribers where !subscription.deliver(part) {
                        state.subscribers.removeValue(forKey: key)
                    }
                }
                let ready = state.flushWaiters.filter { $0.0 <= state.published }.map(\.1)
                state.flushWaiters.removeAll { $0.0 <= state.published }
                return ready
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Most events handed to a subscriber at once. A stored batch can hold thousands of events
    /// (the agent outran the store); each subscriber's writer encodes what it is handed, so large
    /// batches are cut — once, the parts shared by every subscriber — to keep what one reader holds
    /// small.
    static let deliveryBatchLimit = 256

    private static func deliveryParts(of batch: [SessionEvent]) -> [[SessionEvent]] {
        guard batch.count > deliveryBatchLimit else { return [batch] }
        return stride(from: 0, to: batch.count, by: deliveryBatchLimit).map {
            Array(batch[$0..<min($0 + deliveryBatchLimit, batch.count)])
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
