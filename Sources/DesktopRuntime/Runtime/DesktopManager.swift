import Foundation
public import Logging
public import ProcessRuntime
public import SandboxAgentAPI
public import ServiceLifecycle

/// The desktop runtime: starts Xvfb and openbox as supervised children (`owner: desktop`),
/// restarts them when they die, connects an `X11Desktop` to the display, and gates every action
/// on the state (`inactive`, `install_required`, `starting`, `active`, `stopping`, `failed`).
///
/// As a `Service` it tears the desktop down when the server shuts down.
public actor DesktopManager: Service {
    private struct RunningDesktop {
        var number: Int
        var width: Int
        var height: Int
        var dpi: Int
        var stateDirectory: String
        var environment: [String: String]
        var xServer: SupervisedProgram
        var windowManager: SupervisedProgram
        var desktop: X11Desktop
        var startedAt: Date
        var log: RuntimeLog
        var restartTimes: [ContinuousClock.Instant] = []
        var rates: DesktopRates
        var displayName: String { ":\(number)" }
    }

    /// The programs of one display once they run and the X connections are up.
    private struct LaunchedPrograms {
        var xServer: ManagedProcess
        var windowManager: ManagedProcess
        var desktop: X11Desktop
    }

    private let configuration: DesktopConfiguration
    private let processes: ProcessManager
    private let executor = DesktopExecutor()
    private let logger: Logger
    private var state: DesktopState = .inactive
    private var running: RunningDesktop?
    private var lastError: DesktopErrorInfo?
    /// Bumped on every start and stop, so callbacks of an earlier desktop are ignored.
    private var epoch = 0

    public init(configuration: DesktopConfiguration, processes: ProcessManager, logger: Logger) {
        self.configuration = configuration
        self.processes = processes
        self.logger = logger
    }

    // MARK: Status

    /// The current state with processes, resolution and (when active) the visible windows.
    public func status() async -> DesktopStatus {
        let missing = DesktopDependencies.missing(path: configuration.environment["PATH"])
        var status = DesktopStatus(
            state: state, lastError: lastError, missingDependencies: missing,
            installCommand: missing.isEmpty ? nil : DesktopDependencies.installCommand, processes: [])
        if state == .inactive, !missing.isEmpty { status.state = .installRequired }
        guard let running else { return status }
        let size = await running.desktop.screenSize()
        status.display = running.displayName
        status.resolution = DesktopResolution(width: size.width, height: size.height, dpi: running.dpi)
        status.startedAt = running.startedAt.ISO8601Format()
        status.processes = [running.xServer.info, running.windowManager.info]
        status.runtimeLogPath = running.log.path
        if state == .active {
            status.windows = await running.desktop.listWindows()
            status.sharedMemoryCapture = await running.desktop.usesSharedMemory()
        }
        return status
    }

    /// The connected desktop, or the error upstream gives for the current state.
    public func activeDesktop() throws(DesktopError) -> X11Desktop {
        switch state {
        case .active:
            guard let running else { throw DesktopError(.runtimeInactive, "the desktop is not running") }
            return running.desktop
        case .starting, .stopping:
            throw DesktopError(.runtimeStarting, "the desktop is \(state.rawValue); retry in a moment")
        case .failed:
            throw DesktopError(.runtimeFailed, "the desktop failed: \(lastError?.message ?? "unknown error"); POST /v1/desktop/start to retry")
        case .inactive, .installRequired, .unknown:  // `unknown` is a client's case: never the manager's state
            let missing = DesktopDependencies.missing(path: configuration.environment["PATH"])
            if !missing.isEmpty { throw dependenciesError(missing) }
            throw DesktopError(.runtimeInactive, "the desktop is not running; POST /v1/desktop/start first")
        }
    }

    /// The display name and resolution of the running desktop.
    public func displayInfo() async throws(DesktopError) -> DesktopDisplayInfo {
        let desktop = try activeDesktop()
        let size = await desktop.screenSize()
        return DesktopDisplayInfo(display: desktop.displayName, resolution: DesktopResolution(width: size.width, height: size.height, dpi: running?.dpi))
    }

    /// The live view's and the recordings' default rates, as the running desktop was started with.
    public func defaultRates() throws(DesktopError) -> DesktopRates {
        _ = try activeDesktop()
        return running?.rates ?? DesktopRates()
    }

    // MARK: Start and stop

    /// Starts the desktop; returns the status when it is active (or already was).
    public func start(_ request: DesktopStartRequest) async throws(DesktopError) -> DesktopStatus {
        switch state {
        case .active: return await status()
        case .starting, .stopping: throw DesktopError(.runtimeStarting, "the desktop is busy \(state.rawValue)")
        case .inactive, .installRequired, .failed, .unknown: break
        }
        let missing = DesktopDependencies.missing(path: configuration.environment["PATH"])
        guard missing.isEmpty else { throw dependenciesError(missing) }
        let (width, height, dpi) = try request.validated()
        state = .starting
        lastError = nil
        epoch += 1
        let stateDirectory = request.stateDir ?? configuration.defaultStateDirectory
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory + "/home", withIntermediateDirectories: true)
        } catch {
            return try fail(DesktopError(.runtimeFailed, "cannot create the state directory \(stateDirectory): \(error.localizedDescription)"), log: nil)
        }
        let log = RuntimeLog(path: stateDirectory + "/desktop-runtime.log")
        do {
            let (number, programs) = try await launchOnFreeDisplay(
                from: request.displayNum ?? configuration.defaultDisplayNumber, width: width, height: height, dpi: dpi,
                stateDirectory: stateDirectory, log: log)
            let environment = desktopEnvironment(number: number, stateDirectory: stateDirectory)
            running = RunningDesktop(
                number: number, width: width, height: height, dpi: dpi, stateDirectory: stateDirectory, environment: environment,
                xServer: SupervisedProgram(name: "Xvfb", process: programs.xServer),
                windowManager: SupervisedProgram(name: "openbox", process: programs.windowManager),
                desktop: programs.desktop, startedAt: Date(), log: log, rates: request.rates)
            state = .active
            watch(programs.xServer, epoch: epoch)
            watch(programs.windowManager, epoch: epoch)
            log.write("display :\(number) active")
            logger.info("desktop started", metadata: ["display": ":\(number)", "size": "\(width)x\(height)"])
            return await status()
        } catch {
            return try fail(error, log: log)
        }
    }

    /// Stops the window manager, Xvfb and every program launched on the desktop.
    public func stop() async throws(DesktopError) -> DesktopStatus {
        switch state {
        case .starting, .stopping: throw DesktopError(.runtimeStarting, "the desktop is busy \(state.rawValue)")
        case .inactive, .installRequired, .failed, .active, .unknown: break
        }
        await tearDown(reason: "stop requested")
        lastError = nil
        return await status()
    }

    /// Waits for the server's shutdown, then tears the desktop down.
    public func run() async throws {
        try? await gracefulShutdown()
        await tearDown(reason: "server shutting down")
    }

    private func tearDown(reason: String) async {
        guard let running else {
            state = .inactive
            return
        }
        state = .stopping
        epoch += 1
        running.log.write("stopping display \(running.displayName): \(reason)")
        await running.desktop.close()
        let launched = processes.list(owner: .desktop).filter { $0.status == .running }.compactMap { try? processes.process($0.id) }
        for process in launched where process.id != running.xServer.process.id && process.id != running.windowManager.process.id {
            await process.terminate()
        }
        await running.windowManager.process.terminate()
        await running.xServer.process.terminate()
        DisplayProbe(socketDirectory: configuration.socketDirectory, lockDirectory: configuration.lockDirectory).removeStaleFiles(running.number)
        running.log.write("display \(running.displayName) stopped")
        self.running = nil
        state = .inactive
        logger.info("desktop stopped", metadata: ["display": "\(running.displayName)", "reason": "\(reason)"])
    }

    private func fail(_ error: any Error, log: RuntimeLog?) throws(DesktopError) -> DesktopStatus {
        let desktopError = error as? DesktopError ?? DesktopError(.runtimeFailed, "\(error)")
        state = .failed
        lastError = DesktopErrorInfo(code: desktopError.code.description, message: desktopError.message)
        log?.write("failed: \(desktopError.message)")
        logger.error("desktop failed", metadata: ["error": "\(desktopError.message)"])
        throw desktopError.code == .invalidAction ? desktopError : DesktopError(.runtimeFailed, desktopError.message)
    }

    private func dependenciesError(_ missing: [String]) -> DesktopError {
        DesktopError(
            .dependenciesMissing,
            "the desktop needs \(missing.joined(separator: ", ")), not installed (programs not on PATH, shared libraries that do not load). Run `\(DesktopDependencies.installCommand)` to install them.",
            missingDependencies: missing, installCommand: DesktopDependencies.installCommand)
    }

    // MARK: Launching the display

    private func desktopEnvironment(number: Int, stateDirectory: String) -> [String: String] {
        var environment: [String: String] = ["DISPLAY": ":\(number)", "HOME": stateDirectory + "/home"]
        environment["USER"] = configuration.environment["USER"] ?? "sandbox-agent"
        return environment
    }

    /// Probes for a free display and launches on it; when another X server takes the display
    /// between the probe and Xvfb's start (Xvfb exits: "server already active"), tries the next.
    private func launchOnFreeDisplay(
        from start: Int, width: Int, height: Int, dpi: Int, stateDirectory: String, log: RuntimeLog
    ) async throws(DesktopError) -> (Int, LaunchedPrograms) {
        let probe = DisplayProbe(socketDirectory: configuration.socketDirectory, lockDirectory: configuration.lockDirectory)
        var first = start
        while true {
            let number = try probe.freeDisplay(from: first)
            log.write("starting display :\(number) \(width)x\(height) at \(dpi) dpi")
            let environment = desktopEnvironment(number: number, stateDirectory: stateDirectory)
            do {
                return (number, try await launch(number: number, width: width, height: height, dpi: dpi, environment: environment, log: log))
            } catch {
                let takenMeanwhile = !probe.isFree(number) && number + 1 < start + probe.candidates
                guard takenMeanwhile else { throw error }
                log.write("display :\(number) was taken meanwhile (\(error.message)); trying the next one")
                first = number + 1
            }
        }
    }

    /// Starts Xvfb, waits for its socket and a connection, starts openbox and waits for it to
    /// manage the screen. Kills what it started when any step fails.
    private func launch(number: Int, width: Int, height: Int, dpi: Int, environment: [String: String], log: RuntimeLog) async throws(DesktopError) -> LaunchedPrograms {
        let deadline = ContinuousClock.now + configuration.startupTimeout
        let xServer = try await startProgram(
            "Xvfb", args: [":\(number)", "-screen", "0", "\(width)x\(height)x24", "-dpi", "\(dpi)", "-nolisten", "tcp", "-noreset"],
            environment: environment)
        var windowManager: ManagedProcess?
        do {
            let desktop = try await connect(to: ":\(number)", xServer: xServer, deadline: deadline)
            log.write("Xvfb \(xServer.id) pid \(xServer.record.pid ?? 0) accepts connections")
            let manager = try await startProgram("openbox", args: [], environment: environment)
            windowManager = manager
            try await waitForWindowManager(manager, desktop: desktop, deadline: deadline)
            log.write("openbox \(manager.id) pid \(manager.record.pid ?? 0) manages the screen")
            return LaunchedPrograms(xServer: xServer, windowManager: manager, desktop: desktop)
        } catch {
            if let windowManager { await windowManager.terminate() }
            await xServer.terminate()
            throw error
        }
    }

    private func startProgram(_ command: String, args: [String], environment: [String: String]) async throws(DesktopError) -> ManagedProcess {
        do {
            return try await processes.start(ProcessCreateRequest(command: command, args: args, env: environment), owner: .desktop)
        } catch {
            throw DesktopError(.runtimeFailed, "cannot start \(command): \(error.message)")
        }
    }

    private func connect(to displayName: String, xServer: ManagedProcess, deadline: ContinuousClock.Instant) async throws(DesktopError) -> X11Desktop {
        while true {
            if xServer.record.status == .exited {
                let program = SupervisedProgram(name: "Xvfb", process: xServer)
                throw DesktopError(.runtimeFailed, "Xvfb exited during startup: \(program.outputTail())")
            }
            if let desktop = try? X11Desktop(displayName: displayName, executor: executor, logger: logger) { return desktop }
            if ContinuousClock.now >= deadline {
                throw DesktopError(.runtimeFailed, "Xvfb did not accept connections on \(displayName) within \(configuration.startupTimeout)")
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    private func waitForWindowManager(_ manager: ManagedProcess, desktop: X11Desktop, deadline: ContinuousClock.Instant) async throws(DesktopError) {
        while await !desktop.windowManagerIsRunning() {
            if manager.record.status == .exited {
                let program = SupervisedProgram(name: "openbox", process: manager)
                throw DesktopError(.runtimeFailed, "openbox exited during startup: \(program.outputTail())")
            }
            if ContinuousClock.now >= deadline {
                throw DesktopError(.runtimeFailed, "openbox did not start managing the screen within \(configuration.startupTimeout)")
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    // MARK: Supervision

    /// Reports the exit of `process` back to the actor.
    private func watch(_ process: ManagedProcess, epoch: Int) {
        Task { [weak self] in
            await process.waitUntilExited()
            await self?.programExited(process, epoch: epoch)
        }
    }

    /// Restarts whatever died: Xvfb (and with it openbox and the X connections), or openbox alone.
    private func programExited(_ process: ManagedProcess, epoch: Int) async {
        guard epoch == self.epoch, state == .active, let current = running else { return }
        let isXServer = process.id == current.xServer.process.id
        guard isXServer || process.id == current.windowManager.process.id else { return }
        // openbox also exits when Xvfb dies; then the Xvfb restart brings it back.
        if !isXServer, await !current.desktop.isConnected() { return }
        guard epoch == self.epoch, state == .active, var current = running else { return }
        let record = process.record
        let how = record.signal.map { "signal \($0)" } ?? "exit code \(record.exitCode ?? -1)"
        let name = isXServer ? "Xvfb" : "openbox"
        let now = ContinuousClock.now
        current.restartTimes = current.restartTimes.filter { now - $0 < configuration.restartWindow } + [now]
        running = current
        if current.restartTimes.count > configuration.maximumRestarts {
            _ = try? fail(DesktopError(.runtimeFailed, "\(name) keeps dying (\(how)); gave up after \(configuration.maximumRestarts) restarts"), log: current.log)
            await tearDownAfterFailure()
            return
        }
        if isXServer {
            await restartDisplay(after: how)
        } else {
            await restartWindowManager(replacing: process, after: how)
        }
    }

    private func restartDisplay(after how: String) async {
        guard var current = running else { return }
        state = .starting
        epoch += 1
        let epoch = epoch
        current.log.write("Xvfb exited (\(how)); restarting display \(current.displayName)")
        lastError = DesktopErrorInfo(code: "desktop_process_restarted", message: "Xvfb exited (\(how)) and was restarted")
        await current.desktop.close()
        await current.windowManager.process.terminate()
        DisplayProbe(socketDirectory: configuration.socketDirectory, lockDirectory: configuration.lockDirectory).removeStaleFiles(current.number)
        do {
            let programs = try await launch(
                number: current.number, width: current.width, height: current.height, dpi: current.dpi,
                environment: current.environment, log: current.log)
            guard epoch == self.epoch else { return }
            current.xServer.process = programs.xServer
            current.xServer.restarts += 1
            current.windowManager.process = programs.windowManager
            current.windowManager.restarts += 1
            current.desktop = programs.desktop
            running = current
            state = .active
            watch(programs.xServer, epoch: epoch)
            watch(programs.windowManager, epoch: epoch)
        } catch {
            _ = try? fail(error, log: current.log)
            running = nil
        }
    }

    private func restartWindowManager(replacing dead: ManagedProcess, after how: String) async {
        guard let current = running else { return }
        current.log.write("openbox exited (\(how)); restarting it")
        lastError = DesktopErrorInfo(code: "desktop_process_restarted", message: "openbox exited (\(how)) and was restarted")
        let epoch = epoch
        do {
            let manager = try await startProgram("openbox", args: [], environment: current.environment)
            guard epoch == self.epoch, running?.windowManager.process.id == dead.id else {
                await manager.terminate()  // the display was restarted or stopped meanwhile
                return
            }
            running?.windowManager.process = manager
            running?.windowManager.restarts += 1
            watch(manager, epoch: epoch)
        } catch {
            _ = try? fail(error, log: current.log)
            await tearDownAfterFailure()
        }
    }

    /// Stops what is left after the desktop failed, keeping the `failed` state and its error.
    private func tearDownAfterFailure() async {
        let error = lastError
        await tearDown(reason: "failure")
        state = .failed
        lastError = error
    }

    // MARK: Applications

    /// Starts `app` on the desktop (owner `desktop`); with `windowWait`, waits that long for its window.
    public func launch(app: String, args: [String], windowWait: Duration?) async throws(DesktopError) -> DesktopLaunchResponse {
        if app.contains("\0") { throw .invalid("app", "must not contain NUL bytes") }
        if args.contains(where: { $0.contains("\0") }) { throw .invalid("args", "must not contain NUL bytes") }
        let desktop = try activeDesktop()
        guard let running else { throw DesktopError(.runtimeInactive, "the desktop is not running") }
        guard (try? ExecutableLocator.locate(app, path: configuration.environment["PATH"], cwd: "/")) != nil else {
            throw DesktopError(.notFound, "application not found on PATH: \(app)")
        }
        let process = try await startApplication(app, args: args, environment: running.environment)
        var windowID: String?
        if let windowWait, let pid = process.record.pid {
            let deadline = ContinuousClock.now + windowWait
            while windowID == nil, ContinuousClock.now < deadline, process.record.status == .running {
                windowID = await desktop.window(ofProcess: pid)?.id
                if windowID == nil { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }
        return DesktopLaunchResponse(processId: process.id, pid: process.record.pid, windowId: windowID)
    }

    /// Opens a file or URL with `xdg-open` on the desktop.
    public func open(target: String) async throws(DesktopError) -> DesktopOpenResponse {
        if target.contains("\0") { throw .invalid("target", "must not contain NUL bytes") }
        _ = try activeDesktop()
        guard let running else { throw DesktopError(.runtimeInactive, "the desktop is not running") }
        guard (try? ExecutableLocator.locate("xdg-open", path: configuration.environment["PATH"], cwd: "/")) != nil else {
            throw DesktopError(
                .dependenciesMissing, "opening files and URLs needs xdg-open (Debian: xdg-utils)", missingDependencies: ["xdg-open"],
                installCommand: DesktopDependencies.installCommand)
        }
        let process = try await startApplication("xdg-open", args: [target], environment: running.environment)
        return DesktopOpenResponse(processId: process.id, pid: process.record.pid)
    }

    private func startApplication(_ command: String, args: [String], environment: [String: String]) async throws(DesktopError) -> ManagedProcess {
        do {
            return try await processes.start(ProcessCreateRequest(command: command, args: args, env: environment), owner: .desktop)
        } catch {
            throw DesktopError(error.code == .commandNotFound ? .notFound : .runtimeFailed, error.message)
        }
    }
}
