import Synchronization

/// Whether transcripts reach the store: `degraded` while any session's appends are failing (the
/// database is down), with the last error as the reason; `/v1/health` reports it.
public final class StoreHealth: Sendable {
    private struct State {
        var failing: [String: String] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Nil when every append goes through; else why one does not.
    public var degradedReason: String? {
        state.withLock { state in
            state.failing.isEmpty ? nil : "the session store is unreachable (\(state.failing.count) session(s) buffering events): \(state.failing.values.sorted().last!)"
        }
    }

    func failing(_ sessionId: String, reason: String) {
        state.withLock { $0.failing[sessionId] = reason }
    }

    func recovered(_ sessionId: String) {
        _ = state.withLock { $0.failing.removeValue(forKey: sessionId) }
    }
}
