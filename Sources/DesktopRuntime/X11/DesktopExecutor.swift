import Glibc
import Synchronization

/// A serial executor backed by one dedicated thread, for everything that touches Xlib.
///
/// Xlib is not thread-safe, and X calls block (a round trip, a shared-memory copy), so they must
/// neither run concurrently nor on Swift's small cooperative pool. Actors that own X connections use
/// this executor (`unownedExecutor`); the thread also watches file descriptors (the X connections)
/// and calls a handler on this same thread when one becomes readable, which is how events such as
/// selection requests are served while no request is running.
public final class DesktopExecutor: SerialExecutor, Sendable {
    private struct State {
        var jobs: [UnownedJob] = []
        var watches: [Int32: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())
    /// A pipe that wakes the thread when a job or a watch change arrives: (read end, write end).
    private let wakePipe: (reader: Int32, writer: Int32)
    private let threadID = Mutex<pthread_t?>(nil)

    /// Starts the executor's thread. The thread lives as long as the process (one executor per
    /// desktop runtime); it sleeps in `poll` while there is no work.
    public init() {
        var descriptors: [Int32] = [-1, -1]
        precondition(pipe(&descriptors) == 0, "pipe failed: \(errno)")
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
        }
        wakePipe = (descriptors[0], descriptors[1])
        let executor = self
        var thread = pthread_t()
        let box = Unmanaged.passRetained(ThreadStart { executor.runLoop() })
        let result = pthread_create(&thread, nil, { argument in
            let start = Unmanaged<ThreadStart>.fromOpaque(argument!).takeRetainedValue()
            start.body()
            return nil
        }, box.toOpaque())
        precondition(result == 0, "pthread_create failed: \(result)")
        pthread_detach(thread)
        threadID.withLock { $0 = thread }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        state.withLock { $0.jobs.append(unowned) }
        wake()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Code running on this executor's thread is isolated to it (lets `assumeIsolated` work in
    /// watch handlers, which run on the thread outside any job).
    public func checkIsolated() {
        precondition(isCurrentThread, "not on the desktop executor's thread")
    }

    /// Whether the caller runs on this executor's thread.
    public var isCurrentThread: Bool {
        guard let thread = threadID.withLock({ $0 }) else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    /// Calls `handler` on the executor's thread whenever `descriptor` is readable, until `unwatch`.
    public func watch(_ descriptor: Int32, handler: @escaping @Sendable () -> Void) {
        state.withLock { $0.watches[descriptor] = handler }
        wake()
    }

    /// Stops watching `descriptor`.
    public func unwatch(_ descriptor: Int32) {
        state.withLock { _ = $0.watches.removeValue(forKey: descriptor) }
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakePipe.writer, &byte, 1)  // a full pipe already means "wake up"
    }

    private func runLoop() {
        while true {
            let jobs = state.withLock { state in
                let jobs = state.jobs
                state.jobs.removeAll(keepingCapacity: true)
                return jobs
            }
            for job in jobs { job.runSynchronously(on: asUnownedSerialExecutor()) }
            if !jobs.isEmpty { continue }
            waitForWork()
        }
    }

    /// Blocks until a job arrives or a watched descriptor is readable, running those watches.
    private func waitForWork() {
        let watches = state.withLock { $0.watches }
        var descriptors = [pollfd(fd: wakePipe.reader, events: Int16(POLLIN), revents: 0)]
        descriptors += watches.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
        guard ready > 0 else { return }
        if descriptors[0].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 256)
            while read(wakePipe.reader, &drain, drain.count) > 0 {}
        }
        for entry in descriptors.dropFirst() where entry.revents != 0 {
            watches[entry.fd]?()
        }
    }
}

/// The closure a new thread runs (boxed to cross `pthread_create`'s `void *`).
private final class ThreadStart {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}
