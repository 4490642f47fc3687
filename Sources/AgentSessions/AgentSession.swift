public import ACP
import Foundation
import Logging
import SandboxAgentAPI
public import SessionStore

/// One live session: its agent connection, its turn, its pending permission requests and
/// terminals. Every message in either direction lands in its `EventLog`.
public actor AgentSession {
    public private(set) var record: SessionRecord
    public nonisolated let log: EventLog
    let connection: AgentConnection
    let transport: any AgentTransport
    let services: SessionServices
    private var prompting = false
    /// The running turn failed because the agent exited (a crash mid-turn), so the manager may
    /// restart the agent (`onEnded`'s `midTurn`).
    private var turnInterrupted = false
    private var cancelRequested = false
    /// Counts turns, so a cancel deadline only ever ends the turn it was set for.
    private var turnNumber = 0
    /// Text prepended to the next prompt after a resume without `session/load`.
    private var primer: String?
    var permissions: [String: PendingPermission] = [:]
    var answeredPermissions: Set<String> = []
    var nextPermission = 1
    var questions: [String: PendingQuestion] = [:]
    var answeredQuestions: Set<String> = []
    var nextQuestion = 1
    var terminals = TerminalRegistry()
    private var onEnded: (@Sendable (_ record: SessionRecord, _ midTurn: Bool) -> Void)?
    private var ended: [CheckedContinuation<Void, Never>] = []

    init(record: SessionRecord, log: EventLog, transport: any AgentTransport, services: SessionServices) {
        self.record = record
        self.log = log
        self.transport = transport
        self.connection = AgentConnection(transport: transport, log: log)
        self.services = services
    }

    // MARK: Lifecycle

    /// Starts pumping the connection; `onEnded` runs once the agent is gone, with `midTurn` true
    /// when it went while a turn ran (a crash the manager may restart it after).
    func startPumping(onEnded: @escaping @Sendable (_ record: SessionRecord, _ midTurn: Bool) -> Void) {
        self.onEnded = onEnded
        // Updates are applied to the record by one task, in the order the agent sent them.
        let (updates, sink) = AsyncStream.makeStream(of: JSONValue.self)
        Task { [weak self] in
            for await update in updates { await self?.observe(update: update) }
        }
        Task {
            let exit = await connection.run(
                handler: { [weak self] method, params in
                    guard let self else { return .failure(.internalError("session is gone")) }
                    return await self.serve(method, params)
                },
                onNotification: { method, params in
                    if method == ACPMethod.sessionUpdate, let update = params?["update"] { sink.yield(update) }
                })
            sink.finish()
            await agentExited(exit)
        }
    }

    /// `initialize`, then `session/new` (or `session/load` of `resumeFrom`); fills the record in.
    /// - Parameter movedHere: the session last ran on another server: when the agent cannot load
    ///   it (its state stayed there), a new agent session gets a replay of the transcript instead.
    func handshake(mcpServers: JSONValue, resumeFrom agentSessionId: String?, movedHere: Bool = false) async throws(AgentSessionError) {
        let initialized = try await connection.request(
            ACPMethod.initialize, JSONValue(encoding: Self.initializeParams), timeout: services.handshakeTimeout)
        record.agentCapabilities = initialized["agentCapabilities"]
        let canLoad = initialized["agentCapabilities"]?["loadSession"]?.boolValue == true
        var loaded: JSONValue?
        if let agentSessionId, canLoad {
            let params = LoadSessionParams(sessionId: agentSessionId, cwd: record.cwd, mcpServers: mcpServers)
            do {
                loaded = try await connection.request(ACPMethod.sessionLoad, JSONValue(encoding: params), timeout: services.handshakeTimeout)
            } catch where error.code == .agentError && movedHere {
                // Resumed on another server (a replaced sandbox): the agent's own state of the
                // session stayed on the old machine. The transcript in the store is the history.
                services.logger.info("session/load failed on a new server; replaying the transcript", metadata: ["session": "\(record.id)"])
            }
        }
        if let loaded {
            record.agentSessionId = agentSessionId
            apply(sessionState: loaded)
        } else {
            let params = NewSessionParams(cwd: record.cwd, mcpServers: mcpServers)
            let created = try await connection.request(ACPMethod.sessionNew, JSONValue(encoding: params), timeout: services.handshakeTimeout)
            guard let sessionId = try? created.decoded(as: NewSessionResult.self).sessionId else {
                throw AgentSessionError(.agentError, "the agent's session/new result has no sessionId")
            }
            record.agentSessionId = sessionId
            apply(sessionState: created)
            if agentSessionId != nil { primer = try? await Self.replayPrimer(of: record.id, store: services.store) }
        }
        record.status = .active
        try await save()
        let started = SessionStartedParams(
            agent: record.agent, agentSessionId: record.agentSessionId ?? "", resumed: agentSessionId != nil,
            restoredBy: agentSessionId == nil ? nil : loaded != nil ? "session_load" : "transcript_replay")
        log.appendServerNotification(SandboxAgentMethod.sessionStarted, started)
    }

    /// Ends the session: stops the agent and waits until it is gone.
    func end(reason: String) async {
        guard record.status != .ended else { return }
        if record.endReason == nil { record.endReason = reason }
        await withCheckedContinuation { continuation in
            ended.append(continuation)
            Task { await transport.terminate() }
        }
    }

    private func agentExited(_ exit: AgentExit) async {
        let reason = record.endReason ?? "agent_exited"
        record.status = .ended
        record.endReason = reason
        record.endedAt = EventLog.nowMs()
        cancelAllPermissions(by: "session_end")
        cancelAllQuestions(by: "session_end")
        for terminal in terminals.removeAll() { await terminal.release(processes: services.processes) }
        log.appendServerNotification(SandboxAgentMethod.sessionEnded, SessionEndedParams(reason: reason, exit: exit))
        try? await save()
        onEnded?(record, prompting || turnInterrupted)
        for continuation in ended { continuation.resume() }
        ended.removeAll()
    }

    // MARK: Turns

    /// Runs one turn and returns its stop reason. A second prompt while one runs is a conflict.
    public func prompt(_ blocks: [JSONValue]) async throws(AgentSessionError) -> String {
        try beginTurn()
        return try await runTurn(blocks)
    }

    /// Starts a turn and returns at once; its outcome arrives in the transcript.
    public func startPrompt(_ blocks: [JSONValue]) throws(AgentSessionError) {
        try beginTurn()
        Task { _ = try? await runTurn(blocks) }
    }

    private func beginTurn() throws(AgentSessionError) {
        guard record.status == .active else { throw AgentSessionError(.conflict, "session \(record.id) has ended; resume it first") }
        guard !prompting else { throw AgentSessionError(.conflict, "a prompt is already running in session \(record.id)") }
        prompting = true
        turnInterrupted = false
        cancelRequested = false
        turnNumber += 1
    }

    private func runTurn(_ blocks: [JSONValue]) async throws(AgentSessionError) -> String {
        defer { prompting = false }
        var blocks = blocks
        if let primer {
            blocks.insert(["type": "text", "text": .string(primer)], at: 0)
            self.primer = nil
        }
        let result: JSONValue
        do {
            let params = PromptParams(sessionId: record.agentSessionId ?? "", prompt: blocks)
            result = try await connection.request(ACPMethod.sessionPrompt, JSONValue(encoding: params))
        } catch {
            if error.code == .agentExited { turnInterrupted = true }
            throw error
        }
        let turn = try? result.decoded(as: PromptResult.self)
        if let usage = turn?.usage {
            record.usage = SessionUsageTally.adding(turn: usage, to: record.usage)
            try? await save()  // a turn's cost outlives a crash of the server
        }
        let stopReason = turn?.stopReason ?? "end_turn"
        // Some agents answer end_turn to a cancelled turn (§5 #7): the client asked to stop, it stopped.
        return cancelRequested && stopReason == "end_turn" ? "cancelled" : stopReason
    }

    /// Cancels the running turn: `session/cancel`, and every pending permission answered `cancelled`.
    /// An agent that does not end the turn within `services.cancelTimeout` is not waited for: the
    /// turn is reported `cancelled` (and a diagnostic event says so); its late answer is recorded.
    public func cancel() throws(AgentSessionError) {
        guard record.status == .active else { throw AgentSessionError(.conflict, "session \(record.id) has ended") }
        cancelRequested = prompting
        connection.notify(ACPMethod.sessionCancel, JSONValue(encoding: CancelParams(sessionId: record.agentSessionId ?? "")))
        cancelAllPermissions(by: "cancel")
        cancelAllQuestions(by: "cancel")
        guard prompting else { return }
        let turn = turnNumber
        let deadline = services.cancelTimeout
        Task { [weak self] in
            try? await Task.sleep(for: deadline)
            await self?.giveUpOnTurn(turn, after: deadline)
        }
    }

    private func giveUpOnTurn(_ turn: Int, after deadline: Duration) {
        guard prompting, turnNumber == turn else { return }
        guard connection.abandon(ACPMethod.sessionPrompt, with: .success(JSONValue(encoding: PromptResult(stopReason: "cancelled")))) > 0 else { return }
        log.appendServerNotification(
            SandboxAgentMethod.agentDiagnostic,
            AgentDiagnosticParams(kind: "cancel_ignored", message: "the agent did not end the turn within \(deadline) of session/cancel; it is reported cancelled"))
    }

    /// `session/set_mode`.
    public func setMode(_ modeId: String) async throws(AgentSessionError) {
        guard record.status == .active else { throw AgentSessionError(.conflict, "session \(record.id) has ended") }
        let params = SetModeParams(sessionId: record.agentSessionId ?? "", modeId: modeId)
        _ = try await connection.request(ACPMethod.sessionSetMode, JSONValue(encoding: params), timeout: .seconds(60))
        if case .object(var modes) = record.modes {
            modes["currentModeId"] = .string(modeId)
            record.modes = .object(modes)
        }
        try await save()
    }

    /// `session/set_config_option`; returns the agent's full `configOptions`.
    public func setConfigOption(_ configId: String, value: JSONValue) async throws(AgentSessionError) -> JSONValue {
        guard record.status == .active else { throw AgentSessionError(.conflict, "session \(record.id) has ended") }
        let params = SetConfigOptionParams(sessionId: record.agentSessionId ?? "", configId: configId, value: value)
        let result = try await connection.request(ACPMethod.sessionSetConfigOption, JSONValue(encoding: params), timeout: .seconds(60))
        if let options = result["configOptions"] { record.configOptions = options }
        try await save()
        return record.configOptions ?? .array([])
    }

    // MARK: Internals

    /// What the server tells every agent in `initialize`: ACP v1, the `fs/*` and `terminal/*`
    /// methods and both elicitation modes are served.
    static let initializeParams = InitializeParams(
        protocolVersion: 1,
        clientCapabilities: ClientCapabilities(
            fs: FileSystemCapability(readTextFile: true, writeTextFile: true), terminal: true,
            elicitation: ElicitationCapabilities(form: [:], url: [:])),
        clientInfo: ImplementationInfo(name: "sandbox-agent", title: "Sandbox Agent", version: "0.1.0"))

    /// The modes and config options of a `session/new` or `session/load` result.
    private func apply(sessionState: JSONValue) {
        let state = try? sessionState.decoded(as: LoadSessionResult.self)
        if let modes = state?.modes { record.modes = modes }
        if let options = state?.configOptions { record.configOptions = options }
    }

    private func observe(update: JSONValue?) {
        switch SessionUpdateKind(of: update) {
        case .currentModeUpdate:
            if case .object(var modes) = record.modes, let mode = CurrentModeUpdate(update) {
                modes["currentModeId"] = .string(mode.currentModeId)
                record.modes = .object(modes)
            }
        case .configOptionUpdate:
            if let options = ConfigOptionUpdate(update) { record.configOptions = options.configOptions }
        case .usageUpdate:
            if let usage = UsageUpdate(update) { record.usage = SessionUsageTally.applying(usage, to: record.usage) }
        default:
            break
        }
    }

    func save() async throws(AgentSessionError) {
        do {
            try await services.store.saveSession(record)
        } catch {
            throw AgentSessionError(.storage, "cannot save session \(record.id): \(error)", cause: error)
        }
    }

    /// The last 50 message texts of the transcript, at most 12,000 characters, as a preamble.
    static func replayPrimer(of sessionId: String, store: any SessionStore) async throws -> String? {
        let count = try await store.eventCount(sessionId: sessionId)
        let events = try await store.events(sessionId: sessionId, offset: max(0, count - 500), limit: 500)
        var lines: [String] = []
        for event in events {
            guard let message = try? JSONRPCMessage.parse(event.payloadJSON) else { continue }
            if message.method == ACPMethod.sessionPrompt, let blocks = message.params?["prompt"]?.arrayValue {
                lines.append("user: " + blocks.compactMap { $0["text"]?.stringValue }.joined(separator: "\n"))
            } else if message.method == ACPMethod.sessionUpdate, let update = message.params?["update"],
                SessionUpdateKind(of: update) == .agentMessageChunk, let text = update["content"]?["text"]?.stringValue
            {
                if let last = lines.last, last.hasPrefix("agent: ") { lines[lines.count - 1] += text } else { lines.append("agent: " + text) }
            }
        }
        guard !lines.isEmpty else { return nil }
        var text = lines.suffix(50).joined(separator: "\n")
        var truncated = lines.count > 50
        if text.count > 12_000 {
            text = String(text.suffix(12_000))
            truncated = true
        }
        return "[This session was resumed. Conversation so far\(truncated ? " (history truncated)" : ""):]\n" + text + "\n[End of history]"
    }
}
