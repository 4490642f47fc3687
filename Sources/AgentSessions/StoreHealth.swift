import Synchronization

/// Whether transcripts reach the store: `degraded` while any session's appends are failing (the
/// database is down), with the last error as the reason, or while a session's agent is paused
/// because its events wait at the buffer limit; `/v1/health` reports it.
public final class StoreHealth: Sendable {
    private struct State {
        var failing: [String: String] = [:]
        var paused: Set<String> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Nil when every append goes through and no agent is paused; else why not.
    public var degradedReason: String? {
        state.withLock { state in
            var reasons: [String] = []
            if let last = state.failing.values.sorted().last {
                reasons.append("the session store is unreachable (\(state.failing.count) session(s) buffering events): \(last)")
            }
            if !state.paused.isEmpty {
                reasons.append("\(state.paused.count) session(s) paused at the event buffer limit (their agents' output is not read until the buffered events are stored)")
            }
            return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
        }
    }

    func failing(_ sessionId: String, reason: String) {
        state.withLock { $0.failing[sessionId] = reason }
    }

    func recovered(_ sessionId: String) {
        _ = state.withLock { $0.failing.removeValue(forKey: sessionId) }
    }

    func pausing(_ sessionId: String, _ paused: Bool) {
        _ = state.withLock { paused ? $0.paused.insert(sessionId).inserted : $0.paused.remove(sessionId) != nil }
    }
}
