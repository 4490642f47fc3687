import CProcessSpawn
import Dispatch
import Glibc
import Synchronization

/// Reaps the children this module started, on SIGCHLD, and tells whoever registered for each pid.
///
/// While any child is registered, it also looks once a second, so a SIGCHLD that never reaches
/// the signal source (a signal goes to one thread of the process; CI once saw a one-shot run's
/// request wait 300 s for an exit nobody reaped) costs at most a second instead of a hang.
///
/// It waits for registered pids only, so other code in the process (Foundation's `Process` in a
/// test runner, say) keeps its own children's statuses. When the server runs as PID 1 (a
/// container's init) it also reaps every orphan re-parented to it, so none lingers as a zombie.
final class ChildReaper: Sendable {
    /// The one reaper of the process; created before the first child is spawned.
    static let shared = ChildReaper()

    private struct State {
        var waiters: [pid_t: @Sendable (ExitStatus) -> Void] = [:]
        /// Whether the once-a-second look is scheduled.
        var polling = false
    }

    private let state = Mutex(State())
    /// How often to look for exits that no SIGCHLD announced.
    private static let pollInterval = DispatchTimeInterval.seconds(1)
    private let queue = DispatchQueue(label: "sandbox-agent.reaper")
    private let isInit = getpid() == 1
    /// Written once in `init`, never mutated after; dispatch sources are thread-safe objects
    /// that Dispatch does not yet mark `Sendable`.
    nonisolated(unsafe) private let source: (any DispatchSourceSignal)?

    /// `listeningForSIGCHLD: false` (tests only) leaves exits to the once-a-second look.
    init(listeningForSIGCHLD: Bool = true) {
        source = listeningForSIGCHLD ? DispatchSource.makeSignalSource(signal: SIGCHLD, queue: queue) : nil
        source?.setEventHandler { [unowned self] in self.reapReady() }
        source?.resume()
    }

    /// Calls `onExit` once, on the reaper's queue, when `pid` has been reaped.
    func register(_ pid: pid_t, onExit: @escaping @Sendable (ExitStatus) -> Void) {
        let startPolling = state.withLock { state in
            state.waiters[pid] = onExit
            defer { state.polling = true }
            return !state.polling
        }
        // The child may have exited before it was registered: its SIGCHLD found no waiter.
        queue.async { self.reapReady() }
        if startPolling { schedulePoll() }
    }

    /// Looks for exits again in a second, and so on while any child is registered.
    private func schedulePoll() {
        queue.asyncAfter(deadline: .now() + Self.pollInterval) { [self] in
            reapReady()
            let again = state.withLock { state in
                state.polling = !state.waiters.isEmpty
                return state.polling
            }
            if again { schedulePoll() }
        }
    }

    private func reapReady() {
        if isInit {
            while let (pid, status) = Self.reap(-1) { deliver(pid, status) }
            return
        }
        for pid in state.withLock({ Array($0.waiters.keys) }) {
            if let (_, status) = Self.reap(pid) { deliver(pid, status) }
        }
    }

    private func deliver(_ pid: pid_t, _ status: ExitStatus) {
        state.withLock { $0.waiters.removeValue(forKey: pid) }?(status)
    }

    private static func reap(_ which: pid_t) -> (pid_t, ExitStatus)? {
        var exited: Int32 = 0
        var code: Int32 = 0
        let pid = sa_reap(which, &exited, &code)
        guard pid > 0 else { return nil }
        return (pid, exited != 0 ? ExitStatus(exitCode: code) : ExitStatus(signal: code))
    }
}
