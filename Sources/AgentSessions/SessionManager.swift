import ACP
import Foundation
import Logging
import ProcessRuntime
public import SandboxAgentAPI
public import ServiceLifecycle
public import SessionStore
import Synchronization

/// Creates, finds, resumes and ends sessions. Live sessions are kept here; the store has every
/// session ever created and its transcript. As a `Service` it ends every agent on shutdown.
public final class SessionManager: Service, Sendable {
    private struct State {
        var live: [String: AgentSession] = [:]
        var relays: [String: RelayServer] = [:]
        var logs: [String: EventLog] = [:]
        var shuttingDown = false
        /// Automatic resumes (by prompts, after crashes) since the last explicit `/resume`, per session.
        var promptResumes: [String: Int] = [:]
        /// Sessions whose agent is being started again.
        var resuming: Set<String> = []
        /// Follows the appends of other servers to a shared store, from the first transcript of
        /// a session this server does not run that a client opens here.
        var follower: Task<Void, Never>?
    }

    /// How many times in a row a prompt may bring an ended session back before an explicit
    /// `/resume` is needed (an agent that crashes at every start does not loop forever).
    public static let promptResumeLimit = 3

    private let agents: AgentProvider
    private let services: SessionServices

    /// Whether transcripts reach the store (`/v1/health`).
    public var storeHealth: StoreHealth { services.storeHealth }
    private let defaultCwd: String
    private let state = Mutex(State())
    /// Adds the MCP servers and skills configured for a session's cwd.
    private let config: SessionConfigApplier
    private let codexSandbox: CodexSandbox

    /// - Parameter configStore: the per-directory MCP and skills configuration (one shared with
    ///   the config routes); a new store over `services.files` when nil.
    /// - Parameter codexSandbox: Codex's sandbox helper and probe (by default with its helper
    ///   links under `/var/tmp`; the server passes one under its data directory).
    public init(
        agents: AgentProvider, services: SessionServices, defaultCwd: String, configStore: DirectoryConfigStore? = nil,
        codexSandbox: CodexSandbox? = nil
    ) {
        self.agents = agents
        self.services = services
        self.defaultCwd = defaultCwd
        self.codexSandbox = codexSandbox ?? CodexSandbox(dataDirectory: NSTemporaryDirectory())
        self.config = SessionConfigApplier(
            store: configStore ?? DirectoryConfigStore(files: services.files), processes: services.processes, files: services.files)
    }

    /// Marks sessions whose agent died with a previous server run as ended, and says so in their
    /// transcripts (`_sandboxagent/session/ended` with reason `server_restarted`), as a session
    /// that ends while the server runs does.
    public func recoverAfterRestart() async throws {
        var after: String?
        while true {
            let page = try await services.store.listSessions(afterID: after, limit: 500, instanceId: services.instance.id)
            guard let last = page.last else { return }
            for var record in page where record.status != .ended {
                record.status = .ended
                record.endReason = "server_restarted"
                record.endedAt = record.endedAt ?? EventLog.nowMs()
                try await services.store.saveSession(record)
                let log = try await log(record.id)
                let ended = SessionEndedParams(
                    reason: "server_restarted", message: "the server stopped while the session ran; its agent stopped with it")
                log.appendServerNotification(SandboxAgentMethod.sessionEnded, ended)
                await log.waitUntilFlushed()
            }
            after = last.id
        }
    }

    // MARK: Create, resume, end

    /// A fresh session id: `sess_` and 20 hex digits.
    public static func newSessionId() -> String {
        "sess_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    }

    /// Starts the agent, runs `initialize` + `session/new`, applies `mode`/`model` (the caller
    /// handles `desktop`).
    public func create(_ request: SessionCreateRequest) async throws(AgentSessionError) -> SessionRecord {
        do {
            try ProcessManager.validate(environment: request.env)
        } catch {
            throw AgentSessionError(.invalidRequest, error.message, details: ["field": "env"], cause: error)
        }
        let definition = try await agents.definition(request.agent)
        let id = request.id ?? Self.newSessionId()
        try Self.validate(id: id)
        let isLive = state.withLock { $0.live[id] != nil }
        let isStored = try await storedRecord(id) != nil
        if isLive || isStored {
            throw AgentSessionError(.sessionAlreadyExists, "a session with id \(id) already exists")
        }
        let cwd = request.cwd.map { $0.hasPrefix("/") ? $0 : defaultCwd + "/" + $0 } ?? defaultCwd
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: cwd, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AgentSessionError(.invalidRequest, "cwd is not a directory: \(cwd)")
        }
        let record = SessionRecord(
            Session(id: id, agent: definition.id, status: .starting, cwd: cwd, createdAt: EventLog.nowMs()),
            mcpServers: request.mcpServers ?? .array([]), env: request.env)
        let session = try await launch(record, definition: definition, resumeFrom: nil, installSkills: true)
        if let mode = request.mode { try await session.setMode(mode) }
        if let model = request.model { _ = try await session.setConfigOption("model", value: .string(model)) }
        return await session.record
    }

    /// Brings an ended session back: a new agent process, `session/load` when the agent supports
    /// it, else a new agent session primed with a bounded replay of the transcript.
    public func resume(_ id: String) async throws(AgentSessionError) -> SessionRecord {
        state.withLock { $0.promptResumes[id] = nil }
        return try await relaunch(id)
    }

    /// The session a prompt goes to. One that ended without being asked to — its agent exited or
    /// crashed, the server restarted or shut down — is resumed first, at most `promptResumeLimit`
    /// times before an explicit `/resume`, and its transcript says so
    /// (`_sandboxagent/session/resumed`); one ended by `DELETE` stays ended (409).
    public func liveForPrompt(_ id: String) async throws(AgentSessionError) -> AgentSession {
        if let session = state.withLock({ $0.live[id] }) { return session }
        guard let record = try await storedRecord(id) else { throw AgentSessionError(.sessionNotFound, "no session with id \(id)") }
        if record.status != .ended, let owner = record.instanceId, owner != services.instance.id {
            throw AgentSessionError(
                .conflict, "session \(id) runs on instance \(owner); prompt it there, or POST /v1/sessions/\(id)/resume here to take it over")
        }
        let reason = record.endReason ?? "agent_exited"
        guard reason != "deleted" else { throw Self.ended(id) }
        if state.withLock({ $0.resuming.contains(id) }) {  // a crash restart under way: it counts, this prompt does not
            throw Self.beingResumed(id)
        }
        guard let attempt = claimAutomaticResume(id) else {
            throw AgentSessionError(
                .conflict, "session \(id) ended (\(reason)) after \(Self.promptResumeLimit) resumes by prompts; POST /v1/sessions/\(id)/resume to bring it back")
        }
        _ = try await relaunch(id)
        guard let session = state.withLock({ $0.live[id] }) else { throw Self.ended(id) }
        let resumed = SessionResumedParams(trigger: "prompt", previousEndReason: reason, attempt: attempt)
        session.log.appendServerNotification(SandboxAgentMethod.sessionResumed, resumed)
        return session
    }

    /// An agent that exited while a turn ran is started again at once (and its session loaded),
    /// sharing the bound of `promptResumeLimit` with resumes by prompts; the transcript says so
    /// (`_sandboxagent/session/resumed` with `trigger: "agent_crash"`). Past the bound the session
    /// stays ended with the crash's reason.
    private func restartAfterCrash(_ id: String) async {
        guard !state.withLock({ $0.shuttingDown }), let attempt = claimAutomaticResume(id) else { return }
        guard (try? await relaunch(id)) != nil, let session = state.withLock({ $0.live[id] }) else { return }
        let resumed = SessionResumedParams(trigger: "agent_crash", previousEndReason: "agent_exited", attempt: attempt)
        session.log.appendServerNotification(SandboxAgentMethod.sessionResumed, resumed)
    }

    /// The number of this automatic resume since the last explicit `/resume`, or nil when
    /// `promptResumeLimit` of them were made.
    private func claimAutomaticResume(_ id: String) -> Int? {
        state.withLock { state -> Int? in
            let used = state.promptResumes[id, default: 0]
            guard used < Self.promptResumeLimit else { return nil }
            state.promptResumes[id] = used + 1
            return used + 1
        }
    }

    private static func beingResumed(_ id: String) -> AgentSessionError {
        AgentSessionError(.conflict, "session \(id) is being resumed; try again when it is active")
    }

    private static func ended(_ id: String) -> AgentSessionError {
        AgentSessionError(.conflict, "session \(id) has ended; POST /v1/sessions/\(id)/resume to bring it back")
    }

    /// Starts an ended session's agent again; one start at a time per session (a second request
    /// while one runs is a conflict, never a second agent).
    private func relaunch(_ id: String) async throws(AgentSessionError) -> SessionRecord {
        let claimed = state.withLock { state -> Bool? in
            if state.live[id] != nil { return nil }
            return state.resuming.insert(id).inserted
        }
        guard let claimed else { return try await record(id) }
        guard claimed else { throw Self.beingResumed(id) }
        defer { _ = state.withLock { $0.resuming.remove(id) } }
        guard var record = try await storedRecord(id) else {
            throw AgentSessionError(.sessionNotFound, "no session with id \(id)")
        }
        let definition = try await agents.definition(record.agent)
        let previousAgentSession = record.agentSessionId
        record.status = .starting
        record.endedAt = nil
        record.endReason = nil
        let session = try await launch(record, definition: definition, resumeFrom: previousAgentSession, installSkills: false)
        return await session.record
    }

    /// Ends a session's agent; the record and transcript stay.
    public func end(_ id: String) async throws(AgentSessionError) -> SessionRecord {
        if let live = state.withLock({ $0.live[id] }) {
            await live.end(reason: "deleted")
            return await live.record
        }
        guard let record = try await storedRecord(id) else { throw AgentSessionError(.sessionNotFound, "no session with id \(id)") }
        return record
    }

    // MARK: Lookup

    /// The live session, or `conflict` when it has ended, `sessionNotFound` when unknown.
    public func live(_ id: String) async throws(AgentSessionError) -> AgentSession {
        if let session = state.withLock({ $0.live[id] }) { return session }
        guard try await storedRecord(id) != nil else { throw AgentSessionError(.sessionNotFound, "no session with id \(id)") }
        throw Self.ended(id)
    }

    /// The current record of a session, live or stored.
    public func record(_ id: String) async throws(AgentSessionError) -> SessionRecord {
        if let session = state.withLock({ $0.live[id] }) { return await session.record }
        guard let record = try await storedRecord(id) else { throw AgentSessionError(.sessionNotFound, "no session with id \(id)") }
        return record
    }

    /// A page of sessions in creation order, and the cursor of the next page: this server's
    /// sessions, or with `allInstances` those of every server sharing the store.
    public func list(
        after cursor: String?, limit: Int, allInstances: Bool = false
    ) async throws(AgentSessionError) -> (items: [SessionRecord], nextCursor: String?) {
        let page: [SessionRecord]
        do {
            page = try await services.store.listSessions(
                afterID: cursor, limit: limit + 1, instanceId: allInstances ? nil : services.instance.id)
        } catch {
            throw AgentSessionError(.storage, "cannot list sessions: \(error)", cause: error)
        }
        var items: [SessionRecord] = []
        for stored in page.prefix(limit) {
            items.append(state.withLock({ $0.live[stored.id] }) != nil ? (try await record(stored.id)) : stored)
        }
        return (items, page.count > limit ? items.last?.id : nil)
    }

    /// The transcript of a session (live or ended).
    public func log(_ id: String) async throws(AgentSessionError) -> EventLog {
        if let log = state.withLock({ $0.logs[id] }) { return log }
        guard try await storedRecord(id) != nil else { throw AgentSessionError(.sessionNotFound, "no session with id \(id)") }
        let count: Int64
        do { count = try await services.store.eventCount(sessionId: id) } catch {
            throw AgentSessionError(.storage, "cannot read the transcript of \(id): \(error)", cause: error)
        }
        let (log, isNew) = state.withLock { state in
            if let log = state.logs[id] { return (log, false) }
            let log = makeLog(id, nextIndex: count)
            state.logs[id] = log
            return (log, true)
        }
        // An append committed between the count and now was announced before the log was here.
        if isNew, services.store.isShared {
            startFollowing()
            Task { await refollow(id) }
        }
        return log
    }

    // MARK: ACP relay

    /// The relay bound to `serverId`, started for `agent` when it does not run yet.
    public func relay(_ serverId: String, agent: String?, requestTimeout: Duration) async throws(AgentSessionError) -> RelayServer {
        if let relay = state.withLock({ $0.relays[serverId] }) {
            if let agent, agent != relay.agent {
                throw AgentSessionError(.conflict, "ACP server \(serverId) is bound to agent '\(relay.agent)', not '\(agent)'")
            }
            return relay
        }
        guard let agent else {
            throw AgentSessionError(.invalidRequest, "unknown ACP server \(serverId); the first POST must name ?agent=")
        }
        let definition = try await agents.definition(agent)
        try Self.validate(id: serverId)
        if state.withLock({ $0.live[serverId] != nil }) {
            throw AgentSessionError(.conflict, "\(serverId) is a session of the sessions API, not an ACP server")
        }
        let previous = try await storedRecord(serverId)
        let record = SessionRecord(
            Session(
                id: serverId, agent: definition.id, status: .active, cwd: previous?.cwd ?? defaultCwd,
                createdAt: previous?.createdAt ?? EventLog.nowMs()))
        let log = try await log(serverId, creating: previous == nil)
        let env = definition.env ?? [:]
        let transport = try await transport(for: definition, cwd: record.cwd, env: env, log: log)
        let relayConfig = RelaySessionConfig(
            applier: config, driver: definition.driver ?? .acp, environment: services.processes.environment.merging(env) { $1 })
        let relay = RelayServer(
            record: record, store: services.store, log: log, transport: transport, config: relayConfig, requestTimeout: requestTimeout)
        do {
            try await services.store.saveSession(record)
        } catch {
            await transport.terminate()
            throw AgentSessionError(.storage, "cannot save ACP server \(serverId): \(error)", cause: error)
        }
        state.withLock { $0.relays[serverId] = relay }
        Task {
            await relay.run()
            _ = state.withLock { $0.relays.removeValue(forKey: serverId) }
        }
        return relay
    }

    /// The running relay `serverId`, or nil.
    public func existingRelay(_ serverId: String) -> RelayServer? {
        state.withLock { $0.relays[serverId] }
    }

    /// Every running relay, oldest first.
    public func relays() -> [RelayServer] {
        state.withLock { Array($0.relays.values) }.sorted { ($0.createdAtMs, $0.serverId) < ($1.createdAtMs, $1.serverId) }
    }

    // MARK: Service

    public func run() async throws {
        try await gracefulShutdown()
        state.withLock { $0.follower }?.cancel()
        await shutdown()
    }

    /// Opens the store's feed of appends (one LISTEN connection), once, and only when needed: a
    /// server that never serves another's session never holds that connection.
    private func startFollowing() {
        state.withLock { state in
            guard state.follower == nil, !state.shuttingDown, let notices = services.store.notices() else { return }
            state.follower = Task { [weak self] in await self?.follow(notices) }
        }
    }

    /// Keeps the transcripts this server serves but does not write up to date with a shared store
    /// (a session another server runs, streamed from here).
    private func follow(_ notices: AsyncStream<StoreNotice>) async {
        for await notice in notices {
            switch notice {
            case .appended(let id, let count):
                followed(id)?.follow(upTo: count)
            case .resync:
                for id in state.withLock({ Array($0.logs.keys) }) { await refollow(id) }
            }
        }
    }

    /// The transcript of a session this server has open but does not run.
    private func followed(_ id: String) -> EventLog? {
        state.withLock { $0.live[id] == nil ? $0.logs[id] : nil }
    }

    /// Reads a followed session's count from the store, for announcements that may be missed.
    private func refollow(_ id: String) async {
        guard let log = followed(id), let count = try? await services.store.eventCount(sessionId: id) else { return }
        log.follow(upTo: count)
    }

    /// Ends every live session (their agents' process groups are stopped).
    public func shutdown() async {
        let (sessions, relays) = state.withLock { state in
            state.shuttingDown = true
            return (Array(state.live.values), Array(state.relays.values))
        }
        await withTaskGroup(of: Void.self) { group in
            for session in sessions { group.addTask { await session.end(reason: "server_shutdown") } }
            for relay in relays { group.addTask { await relay.close() } }
        }
        for log in state.withLock({ Array($0.logs.values) }) { await log.waitUntilFlushed() }
    }

    // MARK: Internals

    /// Starts the agent of `record` and runs the handshake with the session's `mcpServers` plus
    /// those configured for its cwd; reports the configuration applied after `session/started`.
    /// - Parameter installSkills: fetch the cwd's configured skills first (a new session).
    private func launch(
        _ record: SessionRecord, definition: AgentDefinition, resumeFrom: String?, installSkills: Bool
    ) async throws(AgentSessionError) -> AgentSession {
        if state.withLock({ $0.shuttingDown }) { throw AgentSessionError(.conflict, "the server is shutting down") }
        let movedHere = record.instanceId.map { $0 != services.instance.id } ?? false
        var record = record
        record.instanceId = services.instance.id
        record.labels = services.instance.labels
        var env = definition.env ?? [:]
        env.merge(record.env ?? [:]) { $1 }
        let applied = await config.apply(
            cwd: record.cwd, driver: definition.driver ?? .acp, ownServers: record.mcpServers ?? .array([]), installSkills: installSkills,
            environment: services.processes.environment.merging(env) { $1 })
        let log = try await log(record.id, creating: resumeFrom == nil)
        let transport = try await transport(for: definition, cwd: record.cwd, env: env, log: log)
        let session = AgentSession(record: record, log: log, transport: transport, services: services)
        do {
            try await session.save()
        } catch {
            await transport.terminate()
            throw error
        }
        state.withLock { $0.live[record.id] = session }
        await session.startPumping { [weak self] ended, midTurn in
            _ = self?.state.withLock { $0.live.removeValue(forKey: ended.id) }
            if midTurn, ended.endReason == "agent_exited" { Task { await self?.restartAfterCrash(ended.id) } }
        }
        do {
            try await session.handshake(mcpServers: applied.mcpServers, resumeFrom: resumeFrom, movedHere: movedHere)
        } catch {
            await session.end(reason: "start_failed")
            var error = error
            let tail = await transport.exit().stderrTail
            if !tail.isEmpty { error.details["stderrTail"] = tail }
            throw error
        }
        if applied.hasConfiguration { log.appendServerNotification(SandboxAgentMethod.sessionConfigApplied, applied.notification()) }
        return session
    }

    /// The agent process for `definition`: its stdio for ACP agents, a native driver otherwise.
    /// Codex gets its sandbox helper; when its sandbox does not work here, `log` says so.
    private func transport(
        for definition: AgentDefinition, cwd: String, env: [String: String], log: EventLog
    ) async throws(AgentSessionError) -> any AgentTransport {
        switch definition.driver ?? .acp {
        case .acp:
            return try await StdioAgentTransport.launch(
                command: definition.command, args: definition.args, cwd: cwd, env: env, processes: services.processes)
        case .claudeCode:
            return ACPSessionMultiplexer(firstRequestID: log.count) { [services] requestIDs in
                ClaudeCodeTransport(executable: definition.command, environment: env, processes: services.processes, requestIDs: requestIDs)
            }
        case .codex:
            let sandbox = await prepareCodexSandbox(definition, cwd: cwd, env: env, log: log)
            let env = env.merging(sandbox.environment) { $1 }
            return ACPSessionMultiplexer(firstRequestID: log.count) { [services] requestIDs in
                CodexTransport(
                    executable: definition.command, arguments: definition.args, environment: env, sandboxed: sandbox.status.available,
                    processes: services.processes, requestIDs: requestIDs)
            }
        }
    }

    /// Codex's sandbox helper environment and whether the sandbox works; a diagnostic event when not.
    private func prepareCodexSandbox(
        _ definition: AgentDefinition, cwd: String, env: [String: String], log: EventLog
    ) async -> (environment: [String: String], status: CodexSandbox.Status) {
        let environment = services.processes.environment.merging(env) { $1 }
        let executable = (try? ExecutableLocator.locate(definition.command, path: environment["PATH"], cwd: cwd)) ?? definition.command
        let prepared = await codexSandbox.prepare(executable: executable, environment: environment, processes: services.processes)
        if !prepared.status.available {
            log.appendServerNotification(SandboxAgentMethod.agentDiagnostic, AgentDiagnosticParams(
                kind: "codex_sandbox_unavailable",
                message: "Codex's command sandbox does not work here (\(prepared.status.reason ?? "unknown")); its read-only and auto modes run commands without a sandbox and ask before every command Codex does not trust",
                remedy: CodexSandbox.Status.remedy))
        }
        return prepared
    }

    private func log(_ id: String, creating: Bool) async throws(AgentSessionError) -> EventLog {
        if creating {
            let log = makeLog(id, nextIndex: 0)
            state.withLock { $0.logs[id] = log }
            return log
        }
        return try await self.log(id)
    }

    private func makeLog(_ id: String, nextIndex: Int64) -> EventLog {
        EventLog(
            sessionId: id, nextIndex: nextIndex, store: services.store, logger: services.logger, health: services.storeHealth,
            bufferLimit: services.eventBufferLimit, bufferByteLimit: services.eventBufferByteLimit)
    }

    private func storedRecord(_ id: String) async throws(AgentSessionError) -> SessionRecord? {
        do {
            return try await services.store.session(id: id)
        } catch {
            throw AgentSessionError(.storage, "cannot read session \(id): \(error)", cause: error)
        }
    }

    private static func validate(id: String) throws(AgentSessionError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard (1...128).contains(id.count), id.allSatisfy(allowed.contains) else {
            throw AgentSessionError(.invalidRequest, "id must be 1 to 128 characters of letters, digits, '-', '_' or '.'")
        }
    }
}
