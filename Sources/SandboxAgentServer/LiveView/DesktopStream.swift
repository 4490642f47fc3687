import DesktopRuntime
import Synchronization

/// `GET /v1/desktop/stream/status` (and the answer of start and stop), upstream's shape plus the
/// number of connected viewers.
struct DesktopStreamStatus: Encodable, Sendable {
    var active: Bool
    var viewers: Int
}

/// Whether the live view is on (`POST /v1/desktop/stream/start|stop`) and who watches it. Viewers
/// join while it is on; stopping it bumps the epoch, which ends every viewer of the earlier one.
final class DesktopStream: Sendable {
    private struct State {
        var active = false
        var epoch = 0
        var viewers = 0
    }

    private let state = Mutex(State())
    /// The latest updates, shared by the viewers.
    let updates = LiveViewUpdates()
    /// Where the viewers' ticks are counted from.
    private let origin = ContinuousClock.now

    /// The first multiple of `interval` after now, counted from the stream's origin.
    func nextTick(every interval: Duration) -> ContinuousClock.Instant {
        let elapsed = ContinuousClock.now - origin
        let ticks = (elapsed / interval).rounded(.down) + 1
        return origin + interval * ticks
    }

    var status: DesktopStreamStatus {
        state.withLock { DesktopStreamStatus(active: $0.active, viewers: $0.viewers) }
    }

    /// Turns the stream on (idempotent).
    func start() -> DesktopStreamStatus {
        state.withLock { $0.active = true }
        return status
    }

    /// Turns the stream off; connected viewers get an `end` message and are closed.
    func stop() -> DesktopStreamStatus {
        state.withLock { state in
            if state.active { state.epoch += 1 }
            state.active = false
        }
        return status
    }

    /// Adds a viewer and returns the epoch it watches; nil when the stream is off.
    func join() -> Int? {
        state.withLock { state in
            guard state.active else { return nil }
            state.viewers += 1
            return state.epoch
        }
    }

    func leave() {
        state.withLock { $0.viewers -= 1 }
    }

    /// Whether the stream a viewer joined at `epoch` is still on.
    func isOn(epoch: Int) -> Bool {
        state.withLock { $0.active && $0.epoch == epoch }
    }
}
