import CProcessSpawn
import Glibc
import NIOCore
import NIOPosix
import SandboxAgentAPI
import Synchronization

/// One spawned child: its pid (also its process-group id), the NIO channels on its pipes or PTY,
/// and the moment it is over — exited *and* its output drained.
///
/// The output is drained for at most `drainGrace` after the exit: a grandchild that keeps the
/// pipes open does not keep the child "running" forever.
final class ChildProcess: Sendable {
    static let drainGrace = TimeAmount.milliseconds(250)

    let pid: pid_t
    let isTTY: Bool
    private let sink: any ProcessOutputSink
    private let eventLoop: any EventLoop
    private let state: Mutex<State>

    private struct State {
        var exit: ExitStatus?
        var openOutputs: Int
        var outputChannels: [any Channel] = []
        /// The drain grace after the exit has passed: output channels attached later close at once.
        var drainAbandoned = false
        var input: (any Channel)?
        /// The channel on stdout (or the PTY), and whether its reading is paused (`pauseOutput`).
        var output: (any Channel)?
        var outputPaused = false
        /// A duplicate of the PTY master kept for `TIOCSWINSZ`; closed when the child is over.
        var ptyControl: Int32?
        var terminated: ExitStatus?
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<ExitStatus?, Never>] = [:]
    }

    private init(pid: pid_t, isTTY: Bool, ptyControl: Int32?, sink: any ProcessOutputSink, eventLoop: any EventLoop) {
        self.pid = pid
        self.isTTY = isTTY
        self.sink = sink
        self.eventLoop = eventLoop
        self.state = Mutex(State(openOutputs: isTTY ? 1 : 2, ptyControl: ptyControl))
    }

    /// Spawns the child described by `spec` and starts reading its output into `sink`.
    static func launch(
        _ spec: LaunchSpec, sink: any ProcessOutputSink, group: any EventLoopGroup
    ) async throws(ProcessError) -> ChildProcess {
        let result = try spawn(spec)
        let ptyControl = spec.tty ? fcntl(result.pty_fd, F_DUPFD_CLOEXEC, 0) : nil
        let child = ChildProcess(
            pid: result.pid, isTTY: spec.tty, ptyControl: ptyControl, sink: sink, eventLoop: group.any())
        ChildReaper.shared.register(result.pid) { status in child.exited(status) }
        do {
            try await child.attachChannels(result, group: group)
        } catch {
            Glibc.kill(-result.pid, SIGKILL)
            throw ProcessError(.system, "could not watch the output of pid \(result.pid): \(error)")
        }
        return child
    }

    /// Writes to the child's stdin (or PTY).
    func write(_ bytes: ByteBuffer) async throws(ProcessError) {
        let input: (any Channel)? = state.withLock { $0.terminated == nil ? $0.input : nil }
        guard let input else {
            let over = state.withLock { $0.terminated != nil }
            throw ProcessError(.conflict, over ? "the process has exited" : "the process has no stdin (start it with interactive: true)")
        }
        do {
            try await input.writeAndFlush(bytes).get()
        } catch {
            throw ProcessError(.conflict, "stdin of the process is closed")
        }
    }

    /// Sends `signal` to the child's whole process group, unless the child is already over.
    func signalGroup(_ signal: Int32) {
        guard state.withLock({ $0.terminated == nil }) else { return }
        Glibc.kill(-pid, signal)
    }

    /// Stops (or resumes) reading the child's stdout (its PTY for a tty): while paused, what it
    /// writes stays in the pipe, and once the pipe is full its writes block — backpressure for a
    /// reader that cannot keep up. Pausing ends when the child exits, so its output drains.
    func pauseOutput(_ paused: Bool) {
        let channel = state.withLock { state in
            state.outputPaused = paused
            return state.output
        }
        if let channel { applyOutputPause(channel) }
    }

    /// Sets the channel's `autoRead` to the current wish, on its event loop; calls from several
    /// threads may land in any order, and each applies the state as it is then, so the last wins.
    private func applyOutputPause(_ channel: any Channel) {
        channel.eventLoop.execute { [self] in
            let read = state.withLock { !$0.outputPaused || $0.exit != nil }
            _ = channel.setOption(ChannelOptions.autoRead, value: read)
        }
    }

    /// Exited and drained: nothing of it is left to wait for.
    var isTerminated: Bool { state.withLock { $0.terminated != nil } }

    /// Resizes the PTY; the kernel delivers SIGWINCH to the foreground process group.
    func resize(cols: UInt16, rows: UInt16) throws(ProcessError) {
        let result: Int32? = state.withLock { state in
            guard let fd = state.ptyControl else { return nil }
            return sa_set_window_size(fd, cols, rows)
        }
        guard let result else {
            throw ProcessError(.conflict, isTTY ? "the process has exited" : "the process is not a tty")
        }
        if result != 0 { throw ProcessError(.system, "TIOCSWINSZ failed: \(String(cString: strerror(errno)))") }
    }

    /// The final status, or nil if `timeout` passes first. Without a timeout, waits as long as it takes.
    func waitUntilTerminated(timeout: TimeAmount? = nil) async -> ExitStatus? {
        await withCheckedContinuation { (continuation: CheckedContinuation<ExitStatus?, Never>) in
            let key: Int? = state.withLock { state in
                if let status = state.terminated {
                    continuation.resume(returning: status)
                    return nil
                }
                let key = state.nextWaiter
                state.nextWaiter += 1
                state.waiters[key] = continuation
                return key
            }
            guard let key, let timeout else { return }
            eventLoop.scheduleTask(in: timeout) { [self] in
                state.withLock { $0.waiters.removeValue(forKey: key) }?.resume(returning: nil)
            }
        }
    }

    // MARK: - Internals

    private static func spawn(_ spec: LaunchSpec) throws(ProcessError) -> sa_spawn_result {
        var result = sa_spawn_result()
        var failedErrno: Int32 = 0
        var failedStage: Int32 = 0
        let environment = spec.environment.map { "\($0.key)=\($0.value)" }
        let status = CStringArray.with(spec.arguments) { argv in
            CStringArray.with(environment) { envp in
                spec.executablePath.withCString { path in
                    spec.cwd.withCString { cwd in
                        var options = sa_spawn_options(
                            path: path, argv: argv, envp: envp, cwd: cwd, use_pty: spec.tty ? 1 : 0,
                            pipe_stdin: spec.pipeStdin ? 1 : 0, cols: spec.cols, rows: spec.rows)
                        return sa_spawn(&options, &result, &failedErrno, &failedStage)
                    }
                }
            }
        }
        guard status != 0 else { return result }
        let reason = String(cString: strerror(failedErrno))
        switch Int32(failedStage) {
        case Int32(SA_SPAWN_STAGE_CHDIR.rawValue):
            throw ProcessError(.invalidWorkingDirectory, "cannot enter \(spec.cwd): \(reason)")
        case Int32(SA_SPAWN_STAGE_EXEC.rawValue):
            throw ProcessError(.commandNotFound, "cannot execute \(spec.executablePath): \(reason)")
        default:
            throw ProcessError(.system, "cannot start \(spec.executablePath): \(reason)")
        }
    }

    private func attachChannels(_ fds: sa_spawn_result, group: any EventLoopGroup) async throws {
        let bootstrap = { (stream: LogStream) in
            NIOPipeBootstrap(group: group).channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let reader = PipeReader(
                        stream: stream, onData: { [sink] in sink.receive($0, $1) },
                        onClose: { [self] in self.outputClosed() })
                    try channel.pipeline.syncOperations.addHandler(reader)
                }
            }
        }
        if isTTY {
            let pty = try await bootstrap(.pty).takingOwnershipOfDescriptor(inputOutput: fds.pty_fd).get()
            state.withLock {
                $0.input = pty
                $0.output = pty
            }
            addOutput(pty)
            return
        }
        let stdout = try await bootstrap(.stdout).takingOwnershipOfDescriptor(input: fds.stdout_fd).get()
        state.withLock { $0.output = stdout }
        addOutput(stdout)
        addOutput(try await bootstrap(.stderr).takingOwnershipOfDescriptor(input: fds.stderr_fd).get())
        if fds.stdin_fd >= 0 {
            let stdin = try await NIOPipeBootstrap(group: group).takingOwnershipOfDescriptor(output: fds.stdin_fd).get()
            state.withLock { $0.input = stdin }
        }
    }

    private func addOutput(_ channel: any Channel) {
        let abandoned = state.withLock { state in
            state.outputChannels.append(channel)
            return state.drainAbandoned
        }
        if abandoned { channel.close(promise: nil) }
    }

    private func exited(_ status: ExitStatus) {
        let (drained, output) = state.withLock { state in
            state.exit = status
            return (state.openOutputs == 0, state.outputPaused ? state.output : nil)
        }
        if let output { applyOutputPause(output) }  // drain what a paused reader left in the pipe
        if drained {
            finish()
        } else {
            eventLoop.scheduleTask(in: Self.drainGrace) { [self] in
                let channels = state.withLock { state in
                    state.drainAbandoned = true
                    return state.outputChannels
                }
                for channel in channels { channel.close(promise: nil) }
            }
        }
    }

    private func outputClosed() {
        let over = state.withLock { state in
            state.openOutputs -= 1
            return state.openOutputs == 0 && state.exit != nil
        }
        if over { finish() }
    }

    private func finish() {
        let (status, waiters, input): (ExitStatus?, [CheckedContinuation<ExitStatus?, Never>], (any Channel)?) =
            state.withLock { state in
                guard state.terminated == nil, let exit = state.exit else { return (nil, [], nil) }
                state.terminated = exit
                if let fd = state.ptyControl { close(fd) }
                state.ptyControl = nil
                let waiters = Array(state.waiters.values)
                state.waiters.removeAll()
                defer { state.input = nil }
                return (exit, waiters, state.input)
            }
        guard let status else { return }
        input?.close(promise: nil)
        sink.terminated(status)
        for waiter in waiters { waiter.resume(returning: status) }
    }
}
