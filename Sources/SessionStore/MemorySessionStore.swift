public import SandboxAgentAPI
import Synchronization

/// Keeps everything in memory: fast, and gone with the process.
public final class MemorySessionStore: SessionStore {
    private struct State {
        var sessions: [String: SessionRecord] = [:]
        var events: [String: [SessionEvent]] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func saveSession(_ record: SessionRecord) async throws {
        state.withLock { $0.sessions[record.id] = record }
    }

    public func session(id: String) async throws -> SessionRecord? {
        state.withLock { $0.sessions[id] }
    }

    public func listSessions(afterID: String?, limit: Int, instanceId: String?) async throws -> [SessionRecord] {
        let (all, after) = state.withLock { state in (Array(state.sessions.values), afterID.flatMap { state.sessions[$0] }) }
        return Array(
            all.filter { record in
                (instanceId == nil || record.instanceId == nil || record.instanceId == instanceId)
                    && (afterID == nil || after.map { (record.createdAt, record.id) > ($0.createdAt, $0.id) } == true)
            }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
            .prefix(limit))
    }

    public func appendEvents(_ events: [SessionEvent]) async throws {
        state.withLock { state in
            for event in events { state.events[event.sessionId, default: []].append(event) }
        }
    }

    public func events(sessionId: String, offset: Int64, limit: Int) async throws -> [SessionEvent] {
        state.withLock { state in
            let all = state.events[sessionId] ?? []
            guard offset < all.count else { return [] }
            return Array(all[Int(max(0, offset))...].prefix(limit))
        }
    }

    public func eventCount(sessionId: String) async throws -> Int64 {
        state.withLock { Int64($0.events[sessionId]?.count ?? 0) }
    }
}
