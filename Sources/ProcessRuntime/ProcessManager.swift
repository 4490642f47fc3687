import Foundation
public import Logging
public import NIOCore
public import NIOPosix
public import SandboxAgentAPI
public import ServiceLifecycle
import Synchronization

/// Starts, tracks, signals and reaps every child process of the server: API processes, agents,
/// desktop programs. Each child runs in its own session and process group; limits come from a
/// `ProcessConfig`. As a `Service` it stops every child when the server shuts down.
public final class ProcessManager: Service, Sendable {
    private struct State {
        var config: ProcessConfig
        var processes: [Int: ManagedProcess] = [:]
        /// Children of `run` calls still in progress, so a shutdown stops them too.
        var runs: [Int: ChildProcess] = [:]
        /// The stop of the API's own children begun by `beginShutdown`; `shutdown` waits for it.
        var userStop: Task<Void, Never>?
        var nextNumber = 1
        var running = 0
        var shuttingDown = false
    }

    private let state: Mutex<State>
    /// The base environment of every child (the server passes its own without its token).
    public let environment: [String: String]
    private let defaultCwd: String
    private let group: any EventLoopGroup
    private let logger: Logger

    /// - Parameters:
    ///   - config: limits; validated and clamped.
    ///   - environment: the base environment of every child; request `env` entries are added on top.
    ///   - defaultCwd: the working directory of a child whose request names none.
    public init(
        config: ProcessConfig = .default,
        environment: [String: String],
        defaultCwd: String,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) throws(ProcessError) {
        self.state = Mutex(State(config: try config.validated()))
        self.environment = environment
        self.defaultCwd = defaultCwd
        self.group = group
        self.logger = logger
    }

    // MARK: Config

    /// The limits in force.
    public var config: ProcessConfig { state.withLock { $0.config } }

    /// Replaces the limits; running processes keep going even above a lowered limit.
    @discardableResult
    public func setConfig(_ config: ProcessConfig) throws(ProcessError) -> ProcessConfig {
        let validated = try config.validated()
        state.withLock { $0.config = validated }
        return validated
    }

    // MARK: Long-lived processes

    /// Starts a long-lived process whose output is kept in its log.
    ///
    /// - Parameter captureStdout: hand stdout to the caller raw (`ManagedProcess.stdout`) instead of
    ///   the log — for agents speaking a protocol on it; stderr is still logged (its bounded tail).
    public func start(
        _ request: ProcessCreateRequest, owner: ProcessOwner = .user, captureStdout: Bool = false
    ) async throws(ProcessError) -> ManagedProcess {
        let tty = request.tty ?? false
        let spec = try launchSpec(
            command: request.command, args: request.args ?? [], cwd: request.cwd, env: request.env,
            tty: tty, pipeStdin: tty || (request.interactive ?? false), cols: request.cols, rows: request.rows)
        let (number, logCapacity) = try reserveSlot(owner: owner)
        let id = "proc_\(number)"
        let (stdout, stdoutTap) = captureStdout ? AsyncStream.makeStream(of: ByteBuffer.self) : (nil, nil)
        let journal = ProcessJournal(
            record: ProcessRecord(
                id: id, command: request.command, args: request.args ?? [], cwd: spec.cwd, tty: tty,
                interactive: spec.pipeStdin, owner: owner, status: .running, createdAtMs: Clock.nowMs()),
            logCapacity: logCapacity, stdoutTap: stdoutTap,
            onTerminated: { [self] in releaseSlot(owner: owner) })
        let child = try await launch(spec, sink: journal, owner: owner)
        journal.started(pid: child.pid)
        let process = ManagedProcess(id: id, child: child, journal: journal, stdout: stdout)
        let shuttingDown = state.withLock { state in
            state.processes[number] = process
            return state.shuttingDown
        }
        // The shutdown began while it was being spawned and may have listed the processes already.
        if shuttingDown { child.signalGroup(SIGKILL) }
        logger.info("process started", metadata: ["process": "\(id)", "pid": "\(child.pid)", "command": "\(request.command)", "owner": "\(owner)"])
        return process
    }

    /// Every process, running and exited, sorted by id; only `owner`'s when given.
    public func list(owner: ProcessOwner? = nil) -> [ProcessRecord] {
        let processes = state.withLock { $0.processes.sorted { $0.key < $1.key }.map(\.value) }
        return processes.map(\.record).filter { owner == nil || $0.owner == owner }
    }

    /// The process with this id.
    public func process(_ id: String) throws(ProcessError) -> ManagedProcess {
        guard let number = Self.number(of: id), let process = state.withLock({ $0.processes[number] }) else {
            throw ProcessError(.notFound, "no process with id \(id)")
        }
        return process
    }

    /// Sends SIGTERM (`stop`) or SIGKILL (`kill`) to the process group, then waits up to `wait`
    /// for the exit; returns the record as it is then.
    public func signal(_ id: String, _ signal: Int32, wait: Duration?) async throws(ProcessError) -> ProcessRecord {
        let process = try process(id)
        process.signal(signal)
        guard let wait, wait > .zero else { return process.record }
        return await process.waitUntilExited(timeout: wait)
    }

    /// Forgets an exited process. Throws `conflict` while it runs.
    public func remove(_ id: String) throws(ProcessError) {
        let process = try process(id)
        guard process.record.status == .exited else {
            throw ProcessError(.conflict, "process \(id) is still running; stop or kill it first")
        }
        state.withLock { _ = $0.processes.removeValue(forKey: Self.number(of: id)!) }
    }

    // MARK: One-shot runs

    /// Runs a command to completion, capturing its output; kills its process group at the timeout.
    /// Only `user` runs count against `maxConcurrentProcesses`.
    public func run(_ request: ProcessRunRequest, owner: ProcessOwner = .user) async throws(ProcessError) -> ProcessRunResponse {
        let config = self.config
        let timeoutMs = request.timeoutMs ?? config.defaultRunTimeoutMs
        guard timeoutMs > 0, timeoutMs <= config.maxRunTimeoutMs else {
            throw ProcessError(.invalidRequest, "timeoutMs must be between 1 and \(config.maxRunTimeoutMs), got \(timeoutMs)")
        }
        let cap = request.maxOutputBytes ?? config.maxOutputBytes
        guard cap >= 0 else { throw ProcessError(.invalidRequest, "maxOutputBytes must not be negative, got \(cap)") }
        let spec = try launchSpec(
            command: request.command, args: request.args ?? [], cwd: request.cwd, env: request.env,
            tty: false, pipeStdin: false, cols: nil, rows: nil)
        let (number, _) = try reserveSlot(owner: owner)
        let collector = RunOutputCollector(cap: min(cap, config.maxOutputBytes), onTerminated: { [self] in releaseSlot(owner: owner) })
        let started = ContinuousClock.now
        let child = try await launch(spec, sink: collector, owner: owner)
        let shuttingDown = state.withLock { state in
            state.runs[number] = child
            return state.shuttingDown
        }
        defer { state.withLock { _ = $0.runs.removeValue(forKey: number) } }
        if shuttingDown { child.signalGroup(SIGKILL) }
        let timedOut = Atomic(false)
        let timer = group.any().scheduleTask(in: .milliseconds(Int64(timeoutMs))) {
            timedOut.store(true, ordering: .relaxed)
            child.signalGroup(SIGKILL)
        }
        let status = await withTaskCancellationHandler {
            await child.waitUntilTerminated()
        } onCancel: {
            child.signalGroup(SIGKILL)
        }
        timer.cancel()
        let output = collector.collected
        return ProcessRunResponse(
            exitCode: status?.exitCode, signal: status?.signal,
            stdout: String(decoding: output.stdout.readableBytesView, as: UTF8.self),
            stderr: String(decoding: output.stderr.readableBytesView, as: UTF8.self),
            stdoutTruncated: output.stdoutTruncated, stderrTruncated: output.stderrTruncated,
            timedOut: timedOut.load(ordering: .relaxed),
            durationMs: (ContinuousClock.now - started).milliseconds)
    }

    // MARK: Lifecycle

    /// Waits for graceful shutdown, then stops every child.
    public func run() async throws {
        try await gracefulShutdown()
        await shutdown()
    }

    /// The first step of the server's shutdown, taken before the HTTP server drains its requests:
    /// refuses new children, and stops the API's own — started `user` processes and every `run`
    /// in progress — with SIGTERM, then SIGKILL for what is left after `grace`. An in-flight
    /// request waiting on such a child therefore ends within `grace`, and every one of them gets
    /// the same deadline. Returns at once; `shutdown` waits for this stop to finish.
    /// Agents and desktop programs are left to their owners, which stop them next.
    public func beginShutdown(grace: Duration = .seconds(2)) {
        let snapshot: ([ManagedProcess], [ChildProcess])? = state.withLock { state in
            guard !state.shuttingDown else { return nil }
            state.shuttingDown = true
            return (Array(state.processes.values), Array(state.runs.values))
        }
        guard let (processes, runs) = snapshot else { return }
        let children = processes.filter { $0.record.owner == .user }.map(\.child) + runs
        let logger = logger
        let stop = Task { await Self.stop(children, grace: grace, logger: logger) }
        state.withLock { $0.userStop = stop }
    }

    /// Refuses new processes, sends SIGTERM to every process group, waits up to `grace`, then
    /// SIGKILLs what is left and waits for it to be reaped.
    public func shutdown(grace: Duration = .seconds(2)) async {
        let (children, userStop) = state.withLock { state in
            state.shuttingDown = true
            return (state.processes.values.map(\.child) + state.runs.values, state.userStop)
        }
        await userStop?.value
        await Self.stop(children, grace: grace, logger: logger)
    }

    /// SIGTERMs every group still running, gives them all one `grace` deadline, SIGKILLs the rest
    /// and waits (5 s at most) for them to be reaped.
    private static func stop(_ children: [ChildProcess], grace: Duration, logger: Logger) async {
        let running = children.filter { !$0.isTerminated }
        guard !running.isEmpty else { return }
        logger.info("stopping child processes", metadata: ["count": "\(running.count)"])
        for child in running { child.signalGroup(SIGTERM) }
        await waitForAll(running, until: .now + grace)
        let stubborn = running.filter { !$0.isTerminated }
        for child in stubborn {
            logger.warning("child ignored SIGTERM; killing", metadata: ["pid": "\(child.pid)"])
            child.signalGroup(SIGKILL)
        }
        await waitForAll(stubborn, until: .now + .seconds(5))
    }

    private static func waitForAll(_ children: [ChildProcess], until deadline: ContinuousClock.Instant) async {
        for child in children {
            let left = deadline - .now
            guard left > .zero else { return }
            _ = await child.waitUntilTerminated(timeout: TimeAmount(left))
        }
    }

    // MARK: Internals

    /// Counts a new process against `maxConcurrentProcesses` — only the API's own (`user`)
    /// processes: agents and their terminals (`system`) and the desktop are not the API client's quota.
    private func reserveSlot(owner: ProcessOwner) throws(ProcessError) -> (number: Int, logCapacity: Int) {
        try state.withLock { (state) throws(ProcessError) -> (Int, Int) in
            if state.shuttingDown { throw ProcessError(.shuttingDown, "the server is shutting down") }
            if owner == .user {
                guard state.running < state.config.maxConcurrentProcesses else {
                    throw ProcessError(.limitReached, "\(state.running) processes are running, the limit is \(state.config.maxConcurrentProcesses) (maxConcurrentProcesses)")
                }
                state.running += 1
            }
            defer { state.nextNumber += 1 }
            return (state.nextNumber, state.config.maxLogBytesPerProcess)
        }
    }

    /// Launches a child in a reserved slot; gives the slot back if the launch fails.
    private func launch(_ spec: LaunchSpec, sink: any ProcessOutputSink, owner: ProcessOwner) async throws(ProcessError) -> ChildProcess {
        do {
            return try await ChildProcess.launch(spec, sink: sink, group: group)
        } catch {
            releaseSlot(owner: owner)
            throw error
        }
    }

    private func releaseSlot(owner: ProcessOwner) {
        guard owner == .user else { return }
        state.withLock { $0.running -= 1 }
    }

    private func launchSpec(
        command: String, args: [String], cwd: String?, env: [String: String]?, tty: Bool, pipeStdin: Bool,
        cols: Int?, rows: Int?
    ) throws(ProcessError) -> LaunchSpec {
        let cwd = cwd.map { $0.hasPrefix("/") ? $0 : defaultCwd + "/" + $0 } ?? defaultCwd
        guard ExecutableLocator.isDirectory(cwd) else {
            throw ProcessError(.invalidWorkingDirectory, "cwd is not a directory: \(cwd)")
        }
        for value in [cols, rows].compactMap({ $0 }) where !(1...1000).contains(value) {
            throw ProcessError(.invalidRequest, "cols and rows must be between 1 and 1000, got \(value)")
        }
        try Self.validate(environment: env)
        var environment = self.environment
        environment.merge(env ?? [:]) { $1 }
        if tty, environment["TERM"] == nil { environment["TERM"] = "xterm-256color" }
        for arg in args where arg.contains("\0") {
            throw ProcessError(.invalidRequest, "args must not contain NUL bytes")
        }
        let path = try ExecutableLocator.locate(command, path: environment["PATH"], cwd: cwd)
        return LaunchSpec(
            executablePath: path, arguments: [command] + args, environment: environment, cwd: cwd, tty: tty,
            pipeStdin: pipeStdin, cols: UInt16(cols ?? 80), rows: UInt16(rows ?? 24))
    }

    /// Checks request `env` entries: a name is non-empty without `=` or NUL, a value has no NUL.
    /// The error names the field (`env`) and the entry.
    public static func validate(environment env: [String: String]?) throws(ProcessError) {
        for (key, value) in env ?? [:] {
            if key.isEmpty || key.contains("=") || key.contains("\0") {
                throw ProcessError(.invalidRequest, "env: '\(key.replacingOccurrences(of: "\0", with: "\\0"))' is not a variable name (non-empty, no '=' or NUL)")
            }
            if value.contains("\0") { throw ProcessError(.invalidRequest, "env: the value of \(key) contains a NUL byte") }
        }
    }

    private static func number(of id: String) -> Int? {
        guard id.hasPrefix("proc_") else { return nil }
        return Int(id.dropFirst(5))
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
