import DesktopRuntime
import SandboxAgentAPI
import Synchronization

/// Whether the live view is on (`POST /v1/desktop/stream/start|stop`) and who watches it. Viewers
/// join while it is on; stopping it moves `stops` on, which ends every viewer of the earlier one.
final class DesktopStream: Sendable {
    private struct State {
        var active = false
        var viewers = 0
        var captures = 0
    }

    private let state = Mutex(State())
    /// How many times the stream was stopped: the epoch a viewer joins at.
    private let stops = ChangeCounter()
    /// The latest updates, shared by the viewers.
    let updates = LiveViewUpdates()
    /// Where the viewers' ticks are counted from.
    private let origin = ContinuousClock.now

    /// The first multiple of `interval` after `instant`, counted from the stream's origin.
    func nextTick(every interval: Duration, after instant: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let elapsed = instant - origin
        let ticks = (elapsed / interval).rounded(.down) + 1
        return origin + interval * ticks
    }

    var status: DesktopStreamStatus {
        state.withLock { DesktopStreamStatus(active: $0.active, viewers: $0.viewers, captures: $0.captures) }
    }

    /// Turns the stream on (idempotent).
    func start() -> DesktopStreamStatus {
        state.withLock { $0.active = true }
        return status
    }

    /// Turns the stream off; connected viewers get an `end` message and are closed.
    func stop() -> DesktopStreamStatus {
        state.withLock { state in
            if state.active { stops.increment() }
            state.active = false
        }
        return status
    }

    /// Adds a viewer and returns the epoch it watches; nil when the stream is off.
    func join() -> UInt64? {
        state.withLock { state in
            guard state.active else { return nil }
            state.viewers += 1
            return stops.value
        }
    }

    func leave() {
        state.withLock { $0.viewers -= 1 }
    }

    /// Counts one screen capture by a viewer.
    func countCapture() {
        state.withLock { $0.captures += 1 }
    }

    /// Returns once the stream a viewer joined at `epoch` is stopped, or when the task is cancelled.
    func waitUntilStopped(epoch: UInt64) async {
        await stops.wait(after: epoch)
    }
}
