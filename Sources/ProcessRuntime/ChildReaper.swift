import CProcessSpawn
import Dispatch
import Glibc
import Synchronization

/// Reaps the children this module started, on SIGCHLD, and tells whoever registered for each pid.
///
/// It waits for registered pids only, so other code in the process (Foundation's `Process` in a
/// test runner, say) keeps its own children's statuses. When the server runs as PID 1 (a
/// container's init) it also reaps every orphan re-parented to it, so none lingers as a zombie.
final class ChildReaper: Sendable {
    /// The one reaper of the process; created before the first child is spawned.
    static let shared = ChildReaper()

    private let waiters = Mutex<[pid_t: @Sendable (ExitStatus) -> Void]>([:])
    private let queue = DispatchQueue(label: "sandbox-agent.reaper")
    private let isInit = getpid() == 1
    /// Written once in `init`, never mutated after; dispatch sources are thread-safe objects
    /// that Dispatch does not yet mark `Sendable`.
    nonisolated(unsafe) private let source: any DispatchSourceSignal

    private init() {
        source = DispatchSource.makeSignalSource(signal: SIGCHLD, queue: queue)
        source.setEventHandler { [unowned self] in self.reapReady() }
        source.resume()
    }

    /// Calls `onExit` once, on the reaper's queue, when `pid` has been reaped.
    func register(_ pid: pid_t, onExit: @escaping @Sendable (ExitStatus) -> Void) {
        waiters.withLock { $0[pid] = onExit }
        // The child may have exited before it was registered: its SIGCHLD found no waiter.
        queue.async { self.reapReady() }
    }

    private func reapReady() {
        if isInit {
            while let (pid, status) = Self.reap(-1) { deliver(pid, status) }
            return
        }
        for pid in waiters.withLock({ Array($0.keys) }) {
            if let (_, status) = Self.reap(pid) { deliver(pid, status) }
        }
    }

    private func deliver(_ pid: pid_t, _ status: ExitStatus) {
        waiters.withLock { $0.removeValue(forKey: pid) }?(status)
    }

    private static func reap(_ which: pid_t) -> (pid_t, ExitStatus)? {
        var exited: Int32 = 0
        var code: Int32 = 0
        let pid = sa_reap(which, &exited, &code)
        guard pid > 0 else { return nil }
        return (pid, exited != 0 ? ExitStatus(exitCode: code) : ExitStatus(signal: code))
    }
}
