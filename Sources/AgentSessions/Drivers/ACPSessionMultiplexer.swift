import ACP
import Synchronization

/// Many ACP sessions on one connection to a native driver. Claude Code and Codex drivers hold one
/// conversation each (one `claude` process, one `codex app-server` thread); the multiplexer gives
/// every `session/new` that finds no idle driver an instance of its own and routes each later
/// message by its `sessionId`, so an ACP relay server (upstream's SDK opens one per agent) carries
/// as many sessions as its client opens. A connection with one session runs exactly one driver.
///
/// Routing: requests and `session/cancel` go to the instance that owns `params.sessionId`; an id
/// nobody owns is answered with ACP's resource-not-found, never by another session. The drivers'
/// own requests (permissions, questions) take integer ids from one counter (`ACPRequestIDs`), so
/// they are unique on the connection; the client's answers are routed back by id.
actor ACPSessionMultiplexer: AgentTransport {
    /// One driver and the sessions it holds.
    private struct Instance {
        let transport: any AgentTransport
        /// Lines to the driver, delivered in order by one task, so a slow `session/new` of one
        /// instance does not hold up the others.
        let inbox: AsyncStream<String>.Continuation
        var sessions: Set<String> = []
        /// `session/new` or `session/load` requests sent to it and not yet answered, with the
        /// session a load names (given up when the load fails).
        var opening: [JSONRPCID: String?] = [:]
        var ended = false

        var isIdle: Bool { !ended && sessions.isEmpty && opening.isEmpty }
    }

    nonisolated let output: AsyncStream<AgentOutput>
    private let continuation: AsyncStream<AgentOutput>.Continuation
    private let makeDriver: @Sendable (ACPRequestIDs) -> any AgentTransport
    private let requestIDs: ACPRequestIDs
    private var instances: [Instance] = []
    private var pumps: [Task<Void, Never>] = []
    private var owners: [String: Int] = [:]
    /// The client's `initialize`, replayed (under a private id) to every later instance.
    private var initialize: JSONRPCMessage?
    /// Request ids of later instances → their instance (answers to others go to instance 0).
    private var requesters: [JSONRPCID: Int] = [:]
    private var lastExit: AgentExit?
    private var finished = false
    /// Whether the session wants the drivers' output paused, also that of drivers started later.
    private let outputPaused = Mutex(false)

    /// `makeDriver` makes a driver whose requests to the client take their ids from the one
    /// counter it is given, which starts at `firstRequestID`.
    init(firstRequestID: Int64, makeDriver: @escaping @Sendable (ACPRequestIDs) -> any AgentTransport) {
        self.makeDriver = makeDriver
        requestIDs = ACPRequestIDs(startingAt: firstRequestID)
        (output, continuation) = AsyncStream.makeStream(of: AgentOutput.self)
    }

    // MARK: From the session engine

    func send(_ line: String) async throws {
        guard let message = try? JSONRPCMessage.parse(line) else { return }
        switch message {
        case .request(_, ACPMethod.initialize, _):
            initialize = message
            deliver(line, to: instanceForInitialize())
        case .request(let id, let method, let params) where method == ACPMethod.sessionNew || method == ACPMethod.sessionLoad:
            let sessionId = method == ACPMethod.sessionLoad ? params?["sessionId"]?.stringValue : nil
            guard let index = sessionId.flatMap({ owners[$0] }) ?? openingInstance() else {
                return reply(id, .failure(.internalError("the agent has ended; open a new connection")))
            }
            instances[index].opening[id] = .some(sessionId)
            if let sessionId { own(sessionId, by: index) }
            deliver(line, to: index)
        case .request(let id, _, let params):
            switch route(params) {
            case .success(let index): deliver(line, to: index)
            case .failure(let error): reply(id, .failure(error))
            }
        case .notification(_, let params):
            if case .success(let index) = route(params) { deliver(line, to: index) }
        case .response(let id, _):
            if let instance = requesters.removeValue(forKey: id) {
                deliver(line, to: instance)
            } else if !instances.isEmpty {
                deliver(line, to: 0)
            }
        }
    }

    /// The instance owning `params.sessionId`; instance 0 for messages without one (the driver
    /// answers those itself, e.g. method not found).
    private func route(_ params: JSONValue?) -> Result<Int, JSONRPCError> {
        guard let sessionId = params?["sessionId"]?.stringValue else {
            return instances.isEmpty ? .failure(.invalidRequest("initialize first")) : .success(0)
        }
        guard let index = owners[sessionId] else {
            return .failure(.resourceNotFound("no session \(sessionId) on this connection; open it with session/new or session/load"))
        }
        guard !instances[index].ended else {
            return .failure(.resourceNotFound("session \(sessionId) has ended (its agent exited); session/load resumes it"))
        }
        return .success(index)
    }

    private func instanceForInitialize() -> Int {
        instances.firstIndex(where: \.isIdle) ?? start()
    }

    /// An idle instance, or a new one (initialized like the first); nil once the agent has ended.
    private func openingInstance() -> Int? {
        if let idle = instances.firstIndex(where: \.isIdle) { return idle }
        guard !finished else { return nil }
        let index = start()
        if case .request(_, let method, let params) = initialize {
            // Answered by the driver and swallowed: the client had its answer from instance 0.
            instances[index].opening[Self.initializeID(index)] = .some(nil)
            deliver(JSONRPCMessage.request(id: Self.initializeID(index), method: method, params: params).line(), to: index)
        }
        return index
    }

    private static func initializeID(_ index: Int) -> JSONRPCID { .string("sandbox-agent-initialize@s\(index)") }

    private func own(_ sessionId: String, by index: Int) {
        if let previous = owners[sessionId], previous != index { instances[previous].sessions.remove(sessionId) }
        owners[sessionId] = index
        instances[index].sessions.insert(sessionId)
    }

    private func deliver(_ line: String, to index: Int) {
        instances[index].inbox.yield(line)
    }

    private func reply(_ id: JSONRPCID, _ result: Result<JSONValue, JSONRPCError>) {
        continuation.yield(.line(JSONRPCMessage.response(id: id, result: result).line()))
    }

    // MARK: From the drivers

    /// Starts a driver with its inbox and output pump; returns its index.
    private func start() -> Int {
        let index = instances.count
        let transport = makeDriver(requestIDs)
        if outputPaused.withLock({ $0 }) { transport.pauseOutput(true) }
        let (inbox, inboxContinuation) = AsyncStream.makeStream(of: String.self)
        instances.append(Instance(transport: transport, inbox: inboxContinuation))
        pumps.append(Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await line in inbox { try? await transport.send(line) }
                }
                for await item in transport.output { self.forward(item, from: index) }
                inboxContinuation.finish()
                self.ended(index, exit: await transport.exit())
            }
        })
        return index
    }

    /// One output item of instance `index`, onto the shared output.
    private func forward(_ item: AgentOutput, from index: Int) {
        if let item = relabel(item, from: index) { continuation.yield(item) }
    }

    /// What the client sees of `item`: as is, or nothing (the answer to a replayed `initialize`);
    /// the requests of later instances are noted for routing their answers. Lines are read only
    /// where that can matter: while an instance opens a session, and from the second instance on.
    private func relabel(_ item: AgentOutput, from index: Int) -> AgentOutput? {
        guard case .line(let line) = item, index > 0 || !instances[index].opening.isEmpty,
              let head = try? JSONRPCHead.parse(line), let id = head.id
        else { return item }
        if head.isResponse, let loaded = instances[index].opening.removeValue(forKey: id) {
            if id == Self.initializeID(index) { return nil }
            switch try? JSONRPCMessage.parse(line) {
            case .response(_, .success(let result))?:
                if let sessionId = result["sessionId"]?.stringValue { own(sessionId, by: index) }
            case .response(_, .failure)?:
                if let loaded, owners[loaded] == index {  // the driver could not load it: not its session
                    owners[loaded] = nil
                    instances[index].sessions.remove(loaded)
                }
            default:
                break
            }
        } else if index > 0, head.method != nil {
            requesters[id] = index
        }
        return item
    }

    /// Instance `index` is gone. Its sessions end; the connection ends with the last instance.
    private func ended(_ index: Int, exit: AgentExit) {
        instances[index].ended = true
        instances[index].opening.removeAll()
        lastExit = exit
        if instances.allSatisfy(\.ended) {
            finished = true
            continuation.finish()
        }
    }

    // MARK: Lifecycle

    /// Pauses or resumes every driver's output; the last call wins.
    nonisolated func pauseOutput(_ paused: Bool) {
        outputPaused.withLock { $0 = paused }
        Task { await applyOutputPause() }
    }

    private func applyOutputPause() {
        let paused = outputPaused.withLock { $0 }
        for instance in instances { instance.transport.pauseOutput(paused) }
    }

    /// How the last driver ended, once all have.
    func exit() async -> AgentExit {
        var waited = 0
        while waited < pumps.count {
            await pumps[waited].value
            waited += 1
        }
        return lastExit ?? AgentExit(exitCode: 0, signal: nil, stderrTail: "")
    }

    /// Stops every driver.
    func terminate() async {
        finished = true
        await withTaskGroup(of: Void.self) { group in
            for instance in instances { group.addTask { await instance.transport.terminate() } }
        }
        continuation.finish()
    }
}
