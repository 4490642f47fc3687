public import Logging
public import PostgresNIO

/// The versioned schema of the PostgreSQL store. Versions are applied in order, each in the same
/// transaction as its row in `sandbox_agent_schema`, under an advisory lock, so servers starting
/// together against one database migrate it once. A version, once released, never changes: new
/// needs get a new version.
public enum PostgresMigrations {
    /// One schema version: its number, a name for `sandbox_agent_schema`, and its statements.
    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        let statements: [String]
    }

    public static let all: [Migration] = [
        Migration(version: 1, name: "sessions and events", statements: [
            """
            CREATE TABLE sandbox_agent_sessions (
                id text PRIMARY KEY,
                created_at bigint NOT NULL,
                record jsonb NOT NULL
            )
            """,
            "CREATE INDEX sandbox_agent_sessions_order ON sandbox_agent_sessions (created_at, id)",
            """
            CREATE TABLE sandbox_agent_events (
                session_id text NOT NULL,
                event_index bigint NOT NULL,
                id text NOT NULL,
                created_at bigint NOT NULL,
                sender text NOT NULL,
                payload text NOT NULL,
                PRIMARY KEY (session_id, event_index)
            )
            """,
        ]),
        Migration(version: 2, name: "instances and labels", statements: [
            "ALTER TABLE sandbox_agent_sessions ADD COLUMN instance_id text, ADD COLUMN labels jsonb NOT NULL DEFAULT '{}'",
            "UPDATE sandbox_agent_sessions SET instance_id = record->>'instanceId', labels = COALESCE(record->'labels', '{}')",
            "CREATE INDEX sandbox_agent_sessions_instance ON sandbox_agent_sessions (instance_id, created_at, id)",
        ]),
        Migration(version: 3, name: "notify appended events", statements: [
            """
            CREATE FUNCTION sandbox_agent_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('\(PostgresAppendChannel.name)', session_id || ' ' || (max(event_index) + 1)::text)
                FROM appended GROUP BY session_id;
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE TRIGGER sandbox_agent_events_notify AFTER INSERT ON sandbox_agent_events
            REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION sandbox_agent_events_notify()
            """,
        ]),
    ]

    /// The newest version this build knows.
    public static var latest: Int { all.last!.version }

    /// Brings the schema to `target` (default: the newest) on `connection`; returns the versions
    /// applied. Throws `schemaTooNew` when the database is ahead of this build.
    @discardableResult
    public static func migrate(_ connection: PostgresConnection, to target: Int = latest, logger: Logger) async throws -> [Int] {
        try await connection.withTransaction(logger: logger) { connection in
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            _ = try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS sandbox_agent_schema (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var current = 0
            for try await version in try await connection.query("SELECT COALESCE(max(version), 0) FROM sandbox_agent_schema", logger: logger)
                .decode(Int.self)
            {
                current = version
            }
            if current > latest { throw PostgresStoreError.schemaTooNew(found: current, known: latest) }
            var applied: [Int] = []
            for migration in all where migration.version > current && migration.version <= target {
                for statement in migration.statements {
                    _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                _ = try await connection.query(
                    "INSERT INTO sandbox_agent_schema (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                applied.append(migration.version)
            }
            return applied
        }
    }

    /// The schema version of the database (0 when it has none).
    public static func currentVersion(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query(
            "SELECT CASE WHEN to_regclass('sandbox_agent_schema') IS NULL THEN 0 ELSE 1 END", logger: logger)
        var exists = 0
        for try await value in rows.decode(Int.self) { exists = value }
        guard exists == 1 else { return 0 }
        var version = 0
        for try await value in try await connection.query("SELECT COALESCE(max(version), 0) FROM sandbox_agent_schema", logger: logger)
            .decode(Int.self)
        {
            version = value
        }
        return version
    }

    /// Serialises migrations between servers (an arbitrary constant: "sa-schema").
    private static let lockKey: Int64 = 0x73_61_2d_73_63_68
}
