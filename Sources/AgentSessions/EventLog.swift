public import ACP
import Foundation
public import Logging
public import SandboxAgentAPI
public import SessionStore
import Synchronization

/// The transcript of one session: assigns gap-free `eventIndex`es, persists events in batches,
/// and only then hands them to subscribers — so nothing a client was shown can be missing from
/// the store after a crash. Subscribers replay from the store and continue live, with no gap and
/// no duplicate between the two.
///
/// Events wait in memory until stored. When `bufferLimit` of them, or `bufferByteLimit` bytes of
/// their payloads, wait (the store is down or slower than the agent), the log asks for the agent
/// to be paused (`onBufferFull`: the session stops reading its output, so it blocks on its pipe)
/// until no more than half of each wait; nothing is dropped. The transcript says so
/// (`_sandboxagent/storage/paused`, then `…/resumed`).
public final class EventLog: Sendable {
    public let sessionId: String
    private let store: any SessionStore
    private let logger: Logger
    private let subscriberBacklog: Int
    private let health: StoreHealth?
    private let bufferLimit: Int64
    private let bufferByteLimit: Int64
    private let state: Mutex<State>

    private struct State {
        var nextIndex: Int64
        /// Events persisted and delivered: indices below this are in the store.
        var published: Int64
        var pending: [SessionEvent] = []
        /// Payload bytes of the events appended here and not yet stored (`pending` and the batch
        /// being written).
        var waitingBytes: Int64 = 0
        var flushing = false
        var subscribers: [Int: EventSubscription] = [:]
        var nextSubscriber = 0
        var flushWaiters: [(Int64, CheckedContinuation<Void, Never>)] = []
        var ids = EventIDGenerator()
        /// The store's event count as last announced (`follow`), and whether a catch-up runs.
        var followTarget: Int64
        var following = false
        /// Since when the agent is paused because `bufferLimit` events (or `bufferByteLimit` bytes)
        /// wait to be stored.
        var pausedSince: ContinuousClock.Instant?
        /// Pauses and resumes the agent's output (`onBufferFull`).
        var pauseAgent: (@Sendable (Bool) -> Void)?
    }

    /// - Parameters:
    ///   - nextIndex: the session's event count in the store (0 for a new session).
    ///   - subscriberBacklog: events a subscriber may fall behind before its stream is ended.
    ///   - health: told while appends to a shared store fail, and while the agent is paused.
    ///   - bufferLimit: events waiting to be stored at which the agent is paused.
    ///   - bufferByteLimit: payload bytes waiting to be stored at which the agent is paused.
    public init(
        sessionId: String, nextIndex: Int64, store: any SessionStore, logger: Logger,
        subscriberBacklog: Int = EventLog.subscriberBacklog, health: StoreHealth? = nil,
        bufferLimit: Int = EventLog.defaultBufferLimit, bufferByteLimit: Int = EventLog.defaultBufferByteLimit
    ) {
        self.sessionId = sessionId
        self.store = store
        self.logger = logger
        self.subscriberBacklog = subscriberBacklog
        self.health = health
        self.bufferLimit = Int64(max(1, bufferLimit))
        self.bufferByteLimit = Int64(max(1, bufferByteLimit))
        self.state = Mutex(State(nextIndex: nextIndex, published: nextIndex, followTarget: nextIndex))
    }

    /// Appends an event; returns its index. Persistence and delivery follow asynchronously, in order.
    @discardableResult
    public func append(_ sender: EventSender, _ payload: String) -> Int64 {
        let now = Self.nowMs()
        let (index, startFlush, full) = state.withLock { state -> (Int64, Bool, BufferBound?) in
            let event = SessionEvent(
                id: state.ids.next(), eventIndex: state.nextIndex, sessionId: sessionId, createdAt: now, sender: sender,
                payloadJSON: payload)
            state.nextIndex += 1
            state.pending.append(event)
            state.waitingBytes += Int64(payload.utf8.count)
            var full: BufferBound?
            if state.pausedSince == nil {
                if state.nextIndex - state.published >= bufferLimit {
                    full = .events
                } else if state.waitingBytes >= bufferByteLimit {
                    full = .bytes
                }
            }
            if full != nil { setPaused(true, &state) }
            defer { state.flushing = true }
            return (event.eventIndex, !state.flushing, full)
        }
        if startFlush { Task { await flush() } }
        if let full {
            logger.warning(
                "events wait to be stored at the buffer limit; the agent is paused",
                metadata: ["session": "\(sessionId)", "bound": "\(full.rawValue)", "limit": "\(bufferLimit)", "limitBytes": "\(bufferByteLimit)"])
            appendServerNotification(SandboxAgentMethod.storagePaused, StoragePausedParams(
                limit: Int(bufferLimit),
                limitBytes: Int(bufferByteLimit),
                bound: full.rawValue,
                message: full == .events
                    ? "\(bufferLimit) events wait to be stored: the agent's output is not read until half of them are stored"
                    : "\(bufferByteLimit) bytes of events wait to be stored: the agent's output is not read until half of them are stored"
            ))
        }
        return index
    }

    /// Which bound of the buffer paused the agent (`bound` of `_sandboxagent/storage/paused`).
    private enum BufferBound: String {
        case events, bytes
    }

    /// Default `bufferLimit`: events (a few hundred bytes each, usually) held while the store lags.
    public static let defaultBufferLimit = 100_000

    /// Default `bufferByteLimit`: 256 MiB of payloads held while the store lags, for agents whose
    /// events are large (file contents, tool outputs) long before `defaultBufferLimit` is reached.
    public static let defaultBufferByteLimit = 256 << 20

    /// `pause(true)` is called when `bufferLimit` events or `bufferByteLimit` bytes wait to be
    /// stored, `pause(false)` when no more than half of each wait; at once with `true` when the log
    /// is full already. Replaces the previous one
    /// (a resumed session's new agent).
    public func onBufferFull(_ pause: @escaping @Sendable (_ paused: Bool) -> Void) {
        state.withLock { state in
            state.pauseAgent = pause
            if state.pausedSince != nil { pause(true) }
        }
    }

    /// Pauses or resumes the agent and says so to the health. Under the lock, so that the agent
    /// and the health see the changes in the order they happen (`pauseAgent` does not block).
    private func setPaused(_ paused: Bool, _ state: inout State) {
        state.pausedSince = paused ? .now : nil
        state.pauseAgent?(paused)
        health?.pausing(sessionId, paused)
    }

    /// Appends a server notification `_sandboxagent/<name>` with `params`.
    @discardableResult
    public func appendServerNotification(_ method: String, _ params: JSONValue) -> Int64 {
        append(.server, JSONRPCMessage.notification(method: method, params: params).line())
    }

    /// Appends a server notification with typed params (the `*Params` types of SandboxAgentAPI).
    @discardableResult
    public func appendServerNotification(_ method: String, _ params: some Encodable) -> Int64 {
        appendServerNotification(method, JSONValue(encoding: params))
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

    /// Most events, and payload bytes (past the first event), written in one batch: after an
    /// outage thousands of events wait, and one statement for all of them could outlast the
    /// store's deadline on every retry.
    static let writeBatchLimit = (events: 4_096, bytes: 8 << 20)

    private func flush() async {
        while true {
            let (batch, bytes) = state.withLock { state -> ([SessionEvent], Int) in
                if state.pending.isEmpty { state.flushing = false }
                var (count, bytes) = (0, 0)
                for event in state.pending {
                    let size = event.payloadJSON.utf8.count
                    if count == Self.writeBatchLimit.events || (count > 0 && bytes + size > Self.writeBatchLimit.bytes) { break }
                    count += 1
                    bytes += size
                }
                guard count < state.pending.count else {  // all of it: hand over the array, no copy
                    defer { state.pending.removeAll(keepingCapacity: true) }
                    return (state.pending, bytes)
                }
                defer { state.pending.removeFirst(count) }
                return (Array(state.pending.prefix(count)), bytes)
            }
            guard !batch.isEmpty else { return }
            await persist(batch)
            publish(batch, storedBytes: Int64(bytes))
        }
    }

    /// Hands stored events to the subscribers and wakes those waiting for them to be stored.
    /// `storedBytes`: the payload bytes of those of them that were appended here (none when followed).
    private func publish(_ batch: [SessionEvent], storedBytes: Int64) {
        let (waiters, resumed) = state.withLock { state in
            state.published = batch.last!.eventIndex + 1
            state.nextIndex = max(state.nextIndex, state.published)
            state.waitingBytes -= storedBytes
            var resumed: Duration?
            if let since = state.pausedSince, state.nextIndex - state.published <= bufferLimit / 2,
                state.waitingBytes <= bufferByteLimit / 2
            {
                resumed = .now - since
                setPaused(false, &state)
            }
            // A subscriber too far behind is closed by `deliver` and forgotten here; it still
            // gets what was queued for it, then its stream ends.
            for part in Self.deliveryParts(of: batch) {
                for (key, subscription) in state.subscribers where !subscription.deliver(part) {
                    state.subscribers.removeValue(forKey: key)
                }
            }
            let ready = state.flushWaiters.filter { $0.0 <= state.published }.map(\.1)
            state.flushWaiters.removeAll { $0.0 <= state.published }
            return (ready, resumed)
        }
        for waiter in waiters { waiter.resume() }
        if let resumed {
            appendServerNotification(SandboxAgentMethod.storageResumed, StorageResumedParams(pausedMs: Int(Self.milliseconds(resumed))))
        }
    }

    /// Follows a session another server writes to a shared store: the store has `count` events of
    /// it; those not yet published here are read from the store, in order, and handed to the
    /// subscribers as if appended here. Only for a session not running on this server.
    public func follow(upTo count: Int64) {
        let start = state.withLock { state -> Bool in
            guard count > state.followTarget else { return false }
            state.followTarget = count
            defer { state.following = true }
            return !state.following
        }
        if start { Task { await catchUp() } }
    }

    private func catchUp() async {
        var failures = 0
        while true {
            let next = state.withLock { state -> Int64? in
                if state.published < state.followTarget { return state.published }
                state.following = false
                return nil
            }
            guard let next else { return }
            do {
                let page = try await store.events(sessionId: sessionId, offset: next, limit: 1_000)
                failures = 0
                // Another reader may have published meanwhile: only what follows `published`.
                let fresh = state.withLock { state in page.filter { $0.eventIndex >= state.published } }
                if fresh.isEmpty {
                    // Nothing stored past `published` (a stale count): stop here.
                    if page.isEmpty { state.withLock { $0.followTarget = $0.published } }
                    continue
                }
                publish(fresh, storedBytes: 0)
            } catch {
                failures += 1
                logger.warning("cannot follow the transcript", metadata: ["session": "\(sessionId)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(min(100 * failures, 2_000)))
            }
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

    /// Writes a batch. A local store (SQLite) is retried briefly; one that keeps failing is
    /// logged, and the events are still delivered (they stay in the replies and streams of this
    /// run). A shared store (a database server, which can go away and come back) is retried until
    /// it takes the batch: meanwhile new events wait in `pending`, nothing is delivered that is
    /// not stored, the health is `degraded`, and the transcript says so when the store is back
    /// (`_sandboxagent/storage/degraded`, then `…/recovered`).
    private func persist(_ batch: [SessionEvent]) async {
        guard store.isShared else {
            for attempt in 1...3 {
                do {
                    try await store.appendEvents(batch)
                    return
                } catch {
                    logger.error("cannot store events", metadata: ["session": "\(sessionId)", "attempt": "\(attempt)", "error": "\(error)"])
                    try? await Task.sleep(for: .milliseconds(50 * attempt))
                }
            }
            return
        }
        var outageStart: ContinuousClock.Instant?
        var delay = Duration.milliseconds(50)
        while true {
            do {
                try await store.appendEvents(batch)
                break
            } catch {
                if outageStart == nil {
                    outageStart = .now
                    health?.failing(sessionId, reason: "\(error)")
                    logger.error("cannot store events; buffering them until the store is back", metadata: ["session": "\(sessionId)", "error": "\(error)"])
                    appendServerNotification(SandboxAgentMethod.storageDegraded, StorageDegradedParams(
                        reason: "\(error)",
                        message: "the session store cannot be reached; events are buffered in memory and stored in order when it is back"))
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(1))
            }
        }
        guard let outageStart else { return }
        health?.recovered(sessionId)
        let buffered = batch.count + state.withLock { $0.pending.count }
        appendServerNotification(
            SandboxAgentMethod.storageRecovered, StorageRecoveredParams(outageMs: Int(Self.milliseconds(.now - outageStart)), bufferedEvents: buffered))
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
