import ACP

/// The client as the agent sees it: the capabilities it advertised in `initialize`, and the
/// agent's own requests to it (ids 0, 1, 2, … per process) awaiting an answer.
actor ClientLink {
    /// What the client advertised in `initialize.params.clientCapabilities`.
    struct Capabilities: Sendable {
        var readTextFile = false
        var writeTextFile = false
        var terminal = false
        /// `elicitation.form` was advertised (any object): `elicitation/create` in form mode.
        var elicitationForm = false

        init() {}

        init(_ json: JSONValue?) {
            readTextFile = json?["fs"]?["readTextFile"]?.boolValue ?? false
            writeTextFile = json?["fs"]?["writeTextFile"]?.boolValue ?? false
            terminal = json?["terminal"]?.boolValue ?? false
            elicitationForm = json?["elicitation"]?["form"]?.objectValue != nil
        }
    }

    /// The answer to one of the agent's requests.
    enum Reply: Sendable {
        case result(JSONValue)
        case error(JSONRPCError)
        /// The turn was cancelled and the agent stopped waiting.
        case abandoned
    }

    private let output: Output
    private var nextID: Int64 = 0
    private var pending: [JSONRPCID: CheckedContinuation<Reply, Never>] = [:]
    private(set) var capabilities = Capabilities()

    init(output: Output) {
        self.output = output
    }

    func setCapabilities(_ capabilities: Capabilities) {
        self.capabilities = capabilities
    }

    /// Sends a request and waits for its answer. If the calling task is cancelled, the agent keeps
    /// waiting for `cancelGrace` (so the client can still answer, e.g. `cancelled`), then abandons it.
    func request(_ method: String, _ params: JSONValue, cancelGrace: Duration = .zero) async -> Reply {
        let id = JSONRPCID.int(nextID)
        nextID += 1
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                pending[id] = continuation
                output.send(.request(id: id, method: method, params: params))
            }
        } onCancel: {
            Task { await self.abandon(id, after: cancelGrace) }
        }
    }

    /// Delivers a client response; returns false if no request with that id is pending.
    func resolve(_ id: JSONRPCID, _ result: Result<JSONValue, JSONRPCError>) -> Bool {
        guard let continuation = pending.removeValue(forKey: id) else { return false }
        switch result {
        case .success(let value): continuation.resume(returning: .result(value))
        case .failure(let error): continuation.resume(returning: .error(error))
        }
        return true
    }

    /// Stops waiting for every pending request (at exit).
    func abandonAll() {
        let waiting = pending
        pending.removeAll()
        for continuation in waiting.values { continuation.resume(returning: .abandoned) }
    }

    private func abandon(_ id: JSONRPCID, after grace: Duration) async {
        if grace > .zero { try? await Task.sleep(for: grace) }
        pending.removeValue(forKey: id)?.resume(returning: .abandoned)
    }
}
