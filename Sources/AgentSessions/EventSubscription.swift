import SandboxAgentAPI
import SessionStore
import Synchronization

/// One reader of an `EventLog`: the stored events first, read from the store a page at a time as
/// the reader asks for them, then the live batches the log hands over.
///
/// Live batches wait in a queue bounded in events, not in memory the reader can grow: the batches
/// are the log's own arrays, shared by every subscriber. A reader more than `limit` events behind
/// is closed — it still gets every queued batch, then its stream ends right after the last event
/// it was given, so nothing is skipped and it resumes from there (`Last-Event-ID`).
final class EventSubscription: Sendable {
    private struct State {
        /// The next index to read from the store; the replay is over at `replayEnd`.
        var replayNext: Int64
        var queue: [[SessionEvent]] = []
        var head = 0
        var queuedEvents = 0
        /// No more live batches: the reader fell too far behind, went away, or the replay failed.
        var closed = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let sessionId: String
    private let store: any SessionStore
    /// Events below this index come from the store; from it on, live.
    private let replayEnd: Int64
    private let from: Int64
    private let limit: Int
    private let state: Mutex<State>

    init(sessionId: String, store: any SessionStore, from: Int64, replayEnd: Int64, limit: Int) {
        self.sessionId = sessionId
        self.store = store
        self.from = from
        self.replayEnd = replayEnd
        self.limit = limit
        self.state = Mutex(State(replayNext: from))
    }

    /// Whether it was closed (and so can be forgotten by the log).
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Queues a live batch (the part from `from` on). Returns false once the subscription is
    /// closed — now, because it would be more than `limit` events behind, or earlier.
    /// A reader with nothing queued always takes the batch, however large.
    func deliver(_ batch: [SessionEvent]) -> Bool {
        guard let first = batch.first else { return true }
        let wanted = first.eventIndex >= from ? batch : batch.filter { $0.eventIndex >= from }
        guard !wanted.isEmpty else { return !isClosed }
        let (waiter, open) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            if state.closed { return (nil, false) }
            if state.queuedEvents > 0, state.queuedEvents + wanted.count > limit {
                state.closed = true
            } else {
                state.queue.append(wanted)
                state.queuedEvents += wanted.count
            }
            defer { state.waiter = nil }
            return (state.waiter, !state.closed)
        }
        waiter?.resume()
        return open
    }

    /// Ends the stream after what is queued (the reader went away, or the log is gone).
    func close() {
        state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }?.resume()
    }

    /// The next batch, or nil at the end of the stream.
    func next() async -> [SessionEvent]? {
        while true {
            if Task.isCancelled { return nil }
            // The replay runs to its end even when the subscription was closed meanwhile: the
            // queued live events start at `replayEnd`, so stopping early would skip the rest.
            if let cursor = state.withLock({ $0.replayNext < replayEnd ? $0.replayNext : nil }) {
                guard let page = try? await store.events(sessionId: sessionId, offset: cursor, limit: EventLog.deliveryBatchLimit) else {
                    close()  // a gap would be worse than a reconnect
                    return nil
                }
                let wanted = page.filter { $0.eventIndex < replayEnd }
                state.withLock { $0.replayNext = wanted.last.map { $0.eventIndex + 1 } ?? replayEnd }
                if !wanted.isEmpty { return wanted }
                continue
            }
            enum Step { case batch([SessionEvent]), end, wait }
            let step = state.withLock { state -> Step in
                if state.head < state.queue.count {
                    let batch = state.queue[state.head]
                    state.head += 1
                    state.queuedEvents -= batch.count
                    if state.head == state.queue.count || state.head >= 64 {
                        state.queue.removeFirst(state.head)
                        state.head = 0
                    }
                    return .batch(batch)
                }
                return state.closed ? .end : .wait
            }
            switch step {
            case .batch(let batch): return batch
            case .end: return nil
            case .wait:
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        let ready = state.withLock { state -> Bool in
                            if state.head < state.queue.count || state.closed { return true }
                            state.waiter = continuation
                            return false
                        }
                        if ready { continuation.resume() }
                    }
                } onCancel: {
                    close()
                }
            }
        }
    }
}
