import CProcessSpawn
import Dispatch
import Glibc
import Synchronization

/// Reaps every child of this process on SIGCHLD and tells whoever registered for a pid.
///
/// It reaps with `waitpid(-1)`, so orphans re-parented to the server (when it runs as PID 1 in a
/// container) never linger as zombies. Consequence: nothing else in the process may wait for its
/// own children; every child must be started through this module.
final class ChildReaper: Sendable {
    /// The one reaper of the process; created before the first child is spawned.
    static let shared = ChildReaper()

    private struct State {
        var waiters: [pid_t: @Sendable (ExitStatus) -> Void] = [:]
        /// Exits seen before anyone registered (a child that ended before `register` ran).
        var unclaimed: [pid_t: ExitStatus] = [:]
    }

    private static let unclaimedLimit = 4096
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "sandbox-agent.reaper")
    /// Written once in `init`, never mutated after; dispatch sources are thread-safe objects
    /// that Dispatch does not yet mark `Sendable`.
    nonisolated(unsafe) private let source: any DispatchSourceSignal

    private init() {
        source = DispatchSource.makeSignalSource(signal: SIGCHLD, queue: queue)
        source.setEventHandler { [unowned self] in self.reapAll() }
        source.resume()
        // Children that ended before the source existed.
        queue.async { self.reapAll() }
    }

    /// Calls `onExit` once, on the reaper's queue, when `pid` has been reaped.
    func register(_ pid: pid_t, onExit: @escaping @Sendable (ExitStatus) -> Void) {
        let early: ExitStatus? = state.withLock { state in
            if let status = state.unclaimed.removeValue(forKey: pid) { return status }
            state.waiters[pid] = onExit
            return nil
        }
        if let early { queue.async { onExit(early) } }
    }

    private func reapAll() {
        while true {
            var exited: Int32 = 0
            var code: Int32 = 0
            let pid = sa_reap_any(&exited, &code)
            guard pid > 0 else { return }
            let status = exited != 0 ? ExitStatus(exitCode: code) : ExitStatus(signal: code)
            let waiter: (@Sendable (ExitStatus) -> Void)? = state.withLock { state in
                if let waiter = state.waiters.removeValue(forKey: pid) { return waiter }
                if state.unclaimed.count >= Self.unclaimedLimit { state.unclaimed.removeAll() }
                state.unclaimed[pid] = status
                return nil
            }
            waiter?(status)
        }
    }
}
