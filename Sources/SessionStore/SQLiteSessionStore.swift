import ACP
import Foundation
import GRDB
public import SandboxAgentAPI

/// Sessions and transcripts in a SQLite file (WAL, one writer, batched appends). A committed
/// append survives a crash of the server process.
public final class SQLiteSessionStore: SessionStore {
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a commit survives a process crash; only a power loss can lose the last one.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "session") { table in
                table.primaryKey("id", .text)
                table.column("createdAt", .integer).notNull()
                table.column("record", .blob).notNull()
            }
            try db.create(index: "session_order", on: "session", columns: ["createdAt", "id"])
            try db.create(table: "event") { table in
                table.column("sessionId", .text).notNull()
                table.column("eventIndex", .integer).notNull()
                table.column("id", .text).notNull()
                table.column("createdAt", .integer).notNull()
                table.column("sender", .text).notNull()
                table.column("payload", .text).notNull()
                table.primaryKey(["sessionId", "eventIndex"])
            }
        }
        migrator.registerMigration("v2") { db in
            try db.alter(table: "session") { table in table.add(column: "instanceId", .text) }
        }
        return migrator
    }

    public func saveSession(_ record: SessionRecord) async throws {
        let data = try JSONEncoder().encode(record)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO session (id, createdAt, record, instanceId) VALUES (?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET record = excluded.record, instanceId = excluded.instanceId
                    """,
                arguments: [record.id, record.createdAt, data, record.instanceId])
        }
    }

    public func session(id: String) async throws -> SessionRecord? {
        let data = try await pool.read { db in
            try Data.fetchOne(db, sql: "SELECT record FROM session WHERE id = ?", arguments: [id])
        }
        return try data.map { try JSONDecoder().decode(SessionRecord.self, from: $0) }
    }

    public func listSessions(afterID: String?, limit: Int, instanceId: String?) async throws -> [SessionRecord] {
        let rows = try await pool.read { db -> [Data] in
            try Data.fetchAll(
                db,
                sql: """
                    SELECT record FROM session
                    WHERE (?1 IS NULL OR (createdAt, id) > (SELECT createdAt, id FROM session WHERE id = ?1))
                    AND (?2 IS NULL OR instanceId IS NULL OR instanceId = ?2)
                    ORDER BY createdAt, id LIMIT ?3
                    """,
                arguments: [afterID, instanceId, limit])
        }
        return try rows.map { try JSONDecoder().decode(SessionRecord.self, from: $0) }
    }

    public func appendEvents(_ events: [SessionEvent]) async throws {
        guard !events.isEmpty else { return }
        try await pool.write { db in
            let statement = try db.cachedStatement(
                sql: "INSERT INTO event (sessionId, eventIndex, id, createdAt, sender, payload) VALUES (?, ?, ?, ?, ?, ?)")
            for event in events {
                try statement.execute(arguments: [
                    event.sessionId, event.eventIndex, event.id, event.createdAt, event.sender.rawValue, event.payloadJSON,
                ])
            }
        }
    }

    public func events(sessionId: String, offset: Int64, limit: Int) async throws -> [SessionEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, eventIndex, createdAt, sender, payload FROM event
                    WHERE sessionId = ? AND eventIndex >= ? ORDER BY eventIndex LIMIT ?
                    """,
                arguments: [sessionId, offset, limit]
            ).map { row in
                SessionEvent(
                    id: row["id"], eventIndex: row["eventIndex"], sessionId: sessionId, createdAt: row["createdAt"],
                    sender: EventSender(rawValue: row["sender"]), payloadJSON: row["payload"])
            }
        }
    }

    public func eventCount(sessionId: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(eventIndex) + 1, 0) FROM event WHERE sessionId = ?", arguments: [sessionId]) ?? 0
        }
    }
}
