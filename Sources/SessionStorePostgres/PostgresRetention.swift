public import Logging
public import PostgresNIO

/// Retention of the shared database: ended sessions and their transcripts are deleted once they
/// are old enough (`sandbox-agent storage prune`).
public enum PostgresRetention {
    /// Deletes, in one statement (all or nothing), the sessions that ended before `cutoffMs`
    /// (milliseconds since the epoch; a session ended without an end time counts from its
    /// creation) and all their events. Sessions that are not `ended` are never touched.
    public static func prune(
        _ connection: PostgresConnection, endedBefore cutoffMs: Int64, logger: Logger
    ) async throws -> (sessions: Int, events: Int) {
        let rows = try await connection.query(
            """
            WITH gone AS (
                DELETE FROM sandbox_agent_sessions
                WHERE record->>'status' = 'ended' AND COALESCE((record->>'endedAt')::int8, created_at) < \(cutoffMs)
                RETURNING id
            ), events AS (
                DELETE FROM sandbox_agent_events WHERE session_id IN (SELECT id FROM gone) RETURNING 1
            )
            SELECT (SELECT count(*) FROM gone)::int8, (SELECT count(*) FROM events)::int8
            """, logger: logger)
        var counts = (sessions: 0, events: 0)
        for try await (sessions, events) in rows.decode((Int64, Int64).self) { counts = (Int(sessions), Int(events)) }
        return counts
    }
}
