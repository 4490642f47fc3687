import NIOCore
import NIOPosix
import Synchronization

/// A count of changes that tasks can wait on without polling: `increment()` wakes every task
/// waiting for a value past the one it saw. The live view waits on the desktop's counter (the
/// screen or the pointer's shape may have changed) and on the stream's (it was stopped), so a
/// viewer of a still screen sleeps until X reports something.
public final class ChangeCounter: Sendable {
    private struct State {
        var value: UInt64 = 0
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// How many changes so far.
    public var value: UInt64 { state.withLock { $0.value } }

    /// Counts a change and wakes every waiter.
    public func increment() {
        let waiters = state.withLock { state in
            state.value += 1
            defer { state.waiters.removeAll() }
            return state.waiters.values
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the value is past `seen`, or when the task is cancelled.
    nonisolated(nonsending) public func wait(after seen: UInt64) async {
        await wait(after: seen, timer: nil)
    }

    /// Waits until the value is past `seen` or until `deadline`, whichever comes first; returns
    /// whether it is past `seen`. The deadline is a timer on an event loop, not a sleeping task:
    /// a live viewer of a still screen waits like this ten times a second.
    nonisolated(nonsending) public func wait(after seen: UInt64, until deadline: ContinuousClock.Instant) async -> Bool {
        guard value <= seen else { return true }
        await wait(after: seen, timer: deadline)
        return value > seen
    }

    /// Runs on the caller's executor (`nonisolated(nonsending)`), so the waiter resumes there.
    nonisolated(nonsending) private func wait(after seen: UInt64, timer deadline: ContinuousClock.Instant?) async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Under the lock, so a cancellation either comes before (and is seen here) or
                // finds the continuation stored.
                let now = state.withLock { state in
                    if state.value > seen || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { return continuation.resume() }
                if let deadline {
                    // A timer that fires after a wake finds no waiter and does nothing.
                    let delay = ContinuousClock.now.duration(to: deadline)
                    MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(Int64(delay / .nanoseconds(1)))) {
                        self.resume(id)
                    }
                }
            }
        } onCancel: {
            resume(id)
        }
    }

    /// Resumes waiter `id` if it still waits.
    private func resume(_ id: Int) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
    }
}
