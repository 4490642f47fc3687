public import SandboxAgentAPI

/// Where sessions and their transcripts live. Implementations are safe to call concurrently;
/// events of one session are appended in `eventIndex` order by a single writer.
public protocol SessionStore: Sendable {
    /// Creates or replaces a session record.
    func saveSession(_ record: SessionRecord) async throws
    func session(id: String) async throws -> SessionRecord?
    /// Sessions ordered by (createdAt, id), starting after the session `afterID` when given; with
    /// `instanceId`, only that server's sessions and those stored with no instance.
    func listSessions(afterID: String?, limit: Int, instanceId: String?) async throws -> [SessionRecord]
    /// Appends events atomically (all or none).
    func appendEvents(_ events: [SessionEvent]) async throws
    /// Events of a session with `eventIndex >= offset`, in order, at most `limit`.
    func events(sessionId: String, offset: Int64, limit: Int) async throws -> [SessionEvent]
    /// The number of events of a session (its next `eventIndex`).
    func eventCount(sessionId: String) async throws -> Int64
    /// Appends by any writer of a store shared between servers, as they are committed; nil for a
    /// store only this server writes. Each call opens its own feed, ended by dropping the stream.
    func notices() -> AsyncStream<StoreNotice>?
    /// Whether other servers write to this store too (then `notices()` is not nil).
    var isShared: Bool { get }
}
