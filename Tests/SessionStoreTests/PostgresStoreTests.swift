#if Postgres  // the PostgreSQL store is built with the `Postgres` package trait (the default)
import Foundation
import Logging
import PostgresNIO
import SandboxAgentAPI
import SessionStore
import SessionStorePostgres
import TestPostgres
import Testing

/// What only the PostgreSQL store has: its URL, its versioned schema, its errors.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    private let logger = Logger(label: "test")

    @Test func urlsAreParsedAsLibpqDoes() throws {
        let url = try PostgresURL("postgres://agent:p%40ss@db.example:6432/sessions?sslmode=require&application_name=sb-1")
        #expect(url.host == "db.example")
        #expect(url.port == 6432)
        #expect(url.username == "agent")
        #expect(url.password == "p@ss")
        #expect(url.database == "sessions")
        #expect(url.sslMode == .require)
        #expect(url.applicationName == "sb-1")
        #expect(!url.redacted.contains("p@ss") && !url.redacted.contains("p%40ss"))
        let defaults = try PostgresURL("postgresql://u@localhost/db")
        #expect(defaults.port == 5432 && defaults.sslMode == .prefer && defaults.password == nil)
    }

    @Test(arguments: [
        ("mysql://u@h/db", "expected postgres://"),
        ("postgres://h/db", "no user"),
        ("postgres://u@h", "no database"),
        ("postgres://u@h/db?sslmode=maybe", "sslmode must be one of"),
        ("postgres://u@h/db?pool=3", "unknown parameter 'pool'"),
        ("postgres://u@h:70000/db", "out of range"),
    ])
    func badURLsSayWhatIsWrong(_ text: String, _ expected: String) {
        #expect(throws: PostgresStoreError.self) { try PostgresURL(text) }
        do { _ = try PostgresURL(text) } catch { #expect(error.description.contains(expected), "\(error)") }
    }

    @Test func anUnreachableDatabaseIsAnErrorNotAHang() async throws {
        // A port nobody listens on: a server that was just stopped.
        let server = try await TestPostgres.start()
        let url = try PostgresURL(server.url(database: "postgres"))
        await server.stop()
        do {
            _ = try await PostgresSessionStore.open(url: url, logger: logger)
            Issue.record("opened a store on a stopped server")
        } catch let error as PostgresStoreError {
            guard case .unreachable = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("cannot connect to PostgreSQL at postgres://sandbox@127.0.0.1:\(server.port)/postgres"))
        }
    }

    @Test func migratesAnEmptyDatabaseOnceAndIsSafeToRunAgain() async throws {
        try await withTestPostgres { server in
            let url = try PostgresURL(try await server.createDatabase())
            let applied = try await PostgresSessionStore.withConnection(url, logger: logger) { connection in
                try await PostgresMigrations.migrate(connection, logger: logger)
            }
            #expect(applied == PostgresMigrations.all.map(\.version))
            // Servers starting together: each finds the work done.
            let again = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await PostgresSessionStore.withConnection(url, logger: logger) { try await PostgresMigrations.migrate($0, logger: logger) }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(again.isEmpty)
            let version = try await PostgresSessionStore.withConnection(url, logger: logger) {
                try await PostgresMigrations.currentVersion($0, logger: logger)
            }
            #expect(version == PostgresMigrations.latest)
        }
    }

    @Test func migratesFromTheFirstSchemaKeepingItsData() async throws {
        try await withTestPostgres { server in
            let url = try PostgresURL(try await server.createDatabase())
            // A record as the first schema's servers wrote it.
            let json = #"{"id":"s1","agent":"mock","status":"ended","cwd":"/w","createdAt":7,"env":{"KEY":"value"},"instanceId":"inst_a"}"#
            try await PostgresSessionStore.withConnection(url, logger: logger) { connection in
                #expect(try await PostgresMigrations.migrate(connection, to: 1, logger: logger) == [1])
                try await connection.query(
                    "INSERT INTO sandbox_agent_sessions (id, created_at, record) VALUES ('s1', 7, \(json)::jsonb)", logger: logger)
                try await connection.query(
                    """
                    INSERT INTO sandbox_agent_events (session_id, event_index, id, created_at, sender, payload)
                    VALUES ('s1', 0, 'e0', 8, 'client', '{"jsonrpc":"2.0","method":"x"}')
                    """, logger: logger)
            }
            let store = try await PostgresSessionStore.open(url: url, logger: logger)
            #expect(try await store.listSessions(afterID: nil, limit: 10, instanceId: "inst_a").map(\.id) == ["s1"])
            #expect(try await store.listSessions(afterID: nil, limit: 10, instanceId: "inst_b").isEmpty, "instance back-filled")
            #expect(try await store.session(id: "s1")?.env == ["KEY": "value"])
            #expect(try await store.events(sessionId: "s1", offset: 0, limit: 10).map(\.payloadJSON) == [#"{"jsonrpc":"2.0","method":"x"}"#])
            #expect(try await store.eventCount(sessionId: "s1") == 1)
        }
    }

    @Test func refusesASchemaNewerThanItKnows() async throws {
        try await withTestPostgres { server in
            let url = try PostgresURL(try await server.createDatabase())
            try await PostgresSessionStore.withConnection(url, logger: logger) { connection in
                try await PostgresMigrations.migrate(connection, logger: logger)
                try await connection.query("INSERT INTO sandbox_agent_schema (version, name) VALUES (999, 'future')", logger: logger)
            }
            await #expect(throws: PostgresStoreError.self) { _ = try await PostgresSessionStore.open(url: url, logger: logger) }
            do { _ = try await PostgresSessionStore.open(url: url, logger: logger) } catch {
                #expect("\(error)".contains("version 999, newer than this build's \(PostgresMigrations.latest)"))
            }
        }
    }
}
#endif
