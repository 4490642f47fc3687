import ACP
import Foundation
public import Logging
import NIOCore
public import PostgresNIO
public import SandboxAgentAPI
public import SessionStore

/// Sessions and transcripts in PostgreSQL, shared by every server connected to the database.
///
/// A pool of connections (`maximumConnections`); each `appendEvents` is one prepared `INSERT …
/// SELECT FROM unnest(…)` of the whole batch, committed before it returns (so an event a client
/// was shown is in the database), and the database announces it on `PostgresAppendChannel` at
/// commit. Sessions are stored with the server's instance id and labels.
public final class PostgresSessionStore: SessionStore {
    public let url: PostgresURL
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    /// How long one append may wait for the database before it fails (and is retried by the log).
    private let appendDeadline: Duration = .seconds(3)

    /// Connects, migrates the schema to the newest version, and opens the pool. Throws
    /// `PostgresStoreError.unreachable` when the database cannot be reached.
    public static func open(url: PostgresURL, logger: Logger, maximumConnections: Int = 4) async throws -> PostgresSessionStore {
        try await withConnection(url, logger: logger) { connection in
            let applied = try await PostgresMigrations.migrate(connection, logger: logger)
            if !applied.isEmpty { logger.info("migrated the PostgreSQL schema", metadata: ["versions": "\(applied)"]) }
        }
        return PostgresSessionStore(url: url, logger: logger, maximumConnections: maximumConnections)
    }

    private init(url: PostgresURL, logger: Logger, maximumConnections: Int) {
        self.url = url
        self.logger = logger
        // The pool logs every failed connection attempt at info: during an outage, many a second.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: url.clientConfiguration(maximumConnections: maximumConnections), backgroundLogger: background)
        self.client = client
        self.runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// Runs `body` on one connection outside the pool (migrations, LISTEN), closed afterwards.
    public static func withConnection<Result: Sendable>(
        _ url: PostgresURL, logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try url.connectionConfiguration(), id: 1, logger: logger)
        } catch {
            throw PostgresStoreError.unreachable(url.redacted, reason: PostgresStoreError.reason(error))
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch let error as PostgresStoreError {
            try? await connection.close()
            throw error
        } catch {
            try? await connection.close()
            throw PostgresStoreError.query(PostgresStoreError.reason(error))
        }
    }

    public func saveSession(_ record: SessionRecord) async throws {
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        let labels = String(decoding: try JSONEncoder().encode(record.labels ?? [:]), as: UTF8.self)
        try await run(
            """
            INSERT INTO sandbox_agent_sessions (id, created_at, record, instance_id, labels)
            VALUES (\(record.id), \(record.createdAt), \(json)::jsonb, \(record.instanceId), \(labels)::jsonb)
            ON CONFLICT (id) DO UPDATE SET record = excluded.record, instance_id = excluded.instance_id, labels = excluded.labels
            """)
    }

    public func session(id: String) async throws -> SessionRecord? {
        try await records("SELECT record::text FROM sandbox_agent_sessions WHERE id = \(id)").first
    }

    public func listSessions(afterID: String?, limit: Int, instanceId: String?) async throws -> [SessionRecord] {
        try await records(
            """
            SELECT record::text FROM sandbox_agent_sessions
            WHERE (\(afterID)::text IS NULL OR (created_at, id) > (SELECT created_at, id FROM sandbox_agent_sessions WHERE id = \(afterID)))
            AND (\(instanceId)::text IS NULL OR instance_id IS NULL OR instance_id = \(instanceId))
            ORDER BY created_at, id LIMIT \(limit)
            """)
    }

    /// One statement, so all or none; within `appendDeadline` (a database that is down fails the
    /// call instead of holding it). A retry of a batch that was committed although its answer was
    /// lost succeeds: the events are there with the same ids.
    public func appendEvents(_ events: [SessionEvent]) async throws {
        guard !events.isEmpty else { return }
        do {
            try await withDeadline(appendDeadline) { [client, logger] in
                for try await _ in try await client.execute(AppendEvents(events: events), logger: logger) {}
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            guard try await isStored(events) else { throw PostgresStoreError.query(PostgresStoreError.reason(error)) }
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            throw PostgresStoreError.query(PostgresStoreError.reason(error))
        }
    }

    /// Whether every event of `events` is stored, with its id.
    private func isStored(_ events: [SessionEvent]) async throws -> Bool {
        var stored = 0
        let rows = try await client.query(
            """
            SELECT count(*)::int8 FROM sandbox_agent_events e JOIN unnest(\(events.map(\.sessionId))::text[], \(events.map(\.eventIndex))::int8[],
            \(events.map(\.id))::text[]) AS b(session_id, event_index, id)
            ON e.session_id = b.session_id AND e.event_index = b.event_index AND e.id = b.id
            """, logger: logger)
        for try await count in rows.decode(Int64.self) { stored = Int(count) }
        return stored == events.count
    }

    public func events(sessionId: String, offset: Int64, limit: Int) async throws -> [SessionEvent] {
        do {
            let rows = try await client.query(
                """
                SELECT id, event_index, created_at, sender, payload FROM sandbox_agent_events
                WHERE session_id = \(sessionId) AND event_index >= \(offset) ORDER BY event_index LIMIT \(limit)
                """, logger: logger)
            var events: [SessionEvent] = []
            for try await (id, index, createdAt, sender, payload) in rows.decode((String, Int64, Int64, String, String).self) {
                events.append(
                    SessionEvent(
                        id: id, eventIndex: index, sessionId: sessionId, createdAt: createdAt,
                        sender: EventSender(rawValue: sender), payloadJSON: payload))
            }
            return events
        } catch {
            throw PostgresStoreError.query(PostgresStoreError.reason(error))
        }
    }

    public func eventCount(sessionId: String) async throws -> Int64 {
        do {
            let rows = try await client.query(
                "SELECT COALESCE(max(event_index) + 1, 0)::int8 FROM sandbox_agent_events WHERE session_id = \(sessionId)", logger: logger)
            var count: Int64 = 0
            for try await value in rows.decode(Int64.self) { count = value }
            return count
        } catch {
            throw PostgresStoreError.query(PostgresStoreError.reason(error))
        }
    }

    public var isShared: Bool { true }

    public func notices() -> AsyncStream<StoreNotice>? {
        PostgresAppendListener.notices(url: url, logger: logger)
    }

    /// Runs a statement whose rows, if any, are not wanted.
    private func run(_ query: PostgresQuery) async throws {
        do {
            for try await _ in try await client.query(query, logger: logger) {}
        } catch {
            throw PostgresStoreError.query(PostgresStoreError.reason(error))
        }
    }

    /// Session records from a query's single text column.
    private func records(_ query: PostgresQuery) async throws -> [SessionRecord] {
        var records: [SessionRecord] = []
        do {
            for try await json in try await client.query(query, logger: logger).decode(String.self) {
                records.append(try JSONDecoder().decode(SessionRecord.self, from: Data(json.utf8)))
            }
        } catch let error as DecodingError {
            throw error
        } catch {
            throw PostgresStoreError.query(PostgresStoreError.reason(error))
        }
        return records
    }
}

/// A batch of events as one prepared statement: six arrays, unnested into rows.
private struct AppendEvents: PostgresPreparedStatement {
    static let name = "sandbox_agent_append_events"
    static let sql = """
        INSERT INTO sandbox_agent_events (session_id, event_index, id, created_at, sender, payload)
        SELECT * FROM unnest($1::text[], $2::int8[], $3::text[], $4::int8[], $5::text[], $6::text[])
        """
    typealias Row = ()

    let events: [SessionEvent]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 6)
        bindings.append(events.map(\.sessionId))
        bindings.append(events.map(\.eventIndex))
        bindings.append(events.map(\.id))
        bindings.append(events.map(\.createdAt))
        bindings.append(events.map(\.sender.rawValue))
        bindings.append(events.map(\.payloadJSON))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}
