import Foundation
import Logging
import SandboxAgentAPI
import SessionStore
#if Postgres
import SessionStorePostgres
#endif
import TestPostgres
import Testing

/// The SessionStore contract, run against every backend: memory, SQLite, and a real PostgreSQL
/// (a new cluster per test; the test fails when PostgreSQL is not installed) when built with the
/// `Postgres` trait (the default).
@Suite("SessionStore backends")
struct SessionStoreTests {
    enum Backend: String, CaseIterable, Sendable {
        case memory, sqlite
        #if Postgres
        case postgres
        #endif
    }

    /// Runs `body` with a new, empty store of `backend`, and a way to open the same data again.
    private func withStore(
        _ backend: Backend, _ body: (any SessionStore, _ reopen: () async throws -> any SessionStore) async throws -> Void
    ) async throws {
        switch backend {
        case .memory:
            let store = MemorySessionStore()
            try await body(store) { store }
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await body(try SQLiteSessionStore(path: path)) { try SQLiteSessionStore(path: path) }
        #if Postgres
        case .postgres:
            try await withTestPostgres { server in
                let url = try PostgresURL(try await server.createDatabase())
                let logger = Logger(label: "test")
                try await body(try await PostgresSessionStore.open(url: url, logger: logger)) {
                    try await PostgresSessionStore.open(url: url, logger: logger)
                }
            }
        #endif
        }
    }

    private func record(_ id: String, createdAt: Int64, instance: String? = nil) -> SessionRecord {
        var record = SessionRecord(Session(id: id, agent: "mock", status: .active, cwd: "/tmp", createdAt: createdAt), env: ["KEY": "value"])
        record.instanceId = instance
        record.labels = instance.map { ["sandbox": "sb-\($0)"] }
        return record
    }

    private func event(_ session: String, _ index: Int64) -> SessionEvent {
        SessionEvent(
            id: UUID().uuidString, eventIndex: index, sessionId: session, createdAt: 1_700_000_000_000 + index,
            sender: index % 2 == 0 ? .client : .agent,
            payloadJSON: #"{"jsonrpc":"2.0","method":"session/update","params":{"n":\#(index),"text":"ünïcødé \"q\" \\ \n","_meta":{"keep":true}}}"#)
    }

    @Test(arguments: Backend.allCases)
    func sessionsArePagedInCreationOrder(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            for (index, id) in ["c", "a", "b", "d"].enumerated() {
                try await store.saveSession(record(id, createdAt: Int64(100 + index)))
            }
            var updated = record("a", createdAt: 101)
            updated.status = .ended
            try await store.saveSession(updated)
            let first = try await store.listSessions(afterID: nil, limit: 2, instanceId: nil)
            #expect(first.map(\.id) == ["c", "a"])
            #expect(first[1].status == .ended)
            let second = try await store.listSessions(afterID: "a", limit: 10, instanceId: nil)
            #expect(second.map(\.id) == ["b", "d"])
            #expect(try await store.listSessions(afterID: "unknown", limit: 10, instanceId: nil).isEmpty)
            #expect(try await store.session(id: "b")?.env == ["KEY": "value"])
            #expect(try await store.session(id: "zzz") == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func sessionsAreListedPerInstance(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            try await store.saveSession(record("a1", createdAt: 1, instance: "A"))
            try await store.saveSession(record("b1", createdAt: 2, instance: "B"))
            try await store.saveSession(record("old", createdAt: 3))
            try await store.saveSession(record("a2", createdAt: 4, instance: "A"))
            #expect(try await store.listSessions(afterID: nil, limit: 10, instanceId: "A").map(\.id) == ["a1", "old", "a2"])
            #expect(try await store.listSessions(afterID: "a1", limit: 10, instanceId: "B").map(\.id) == ["b1", "old"])
            #expect(try await store.listSessions(afterID: nil, limit: 10, instanceId: nil).map(\.id) == ["a1", "b1", "old", "a2"])
            #expect(try await store.session(id: "b1")?.labels == ["sandbox": "sb-B"])
            // A session resumed by another server moves to it.
            try await store.saveSession(record("b1", createdAt: 2, instance: "A"))
            #expect(try await store.listSessions(afterID: nil, limit: 10, instanceId: "B").map(\.id) == ["old"])
        }
    }

    @Test(arguments: Backend.allCases)
    func eventsKeepOrderAndPayloadBytes(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            try await store.appendEvents((0..<5).map { event("s1", $0) })
            try await store.appendEvents((0..<3).map { event("s2", $0) })
            try await store.appendEvents((5..<10).map { event("s1", $0) })
            try await store.appendEvents([])
            #expect(try await store.eventCount(sessionId: "s1") == 10)
            #expect(try await store.eventCount(sessionId: "nope") == 0)
            let page = try await store.events(sessionId: "s1", offset: 3, limit: 4)
            #expect(page.map(\.eventIndex) == [3, 4, 5, 6])
            #expect(page[0].payloadJSON == event("s1", 3).payloadJSON)
            #expect(page[0].sender == .agent)
            #expect(page[0].createdAt == 1_700_000_000_003)
            #expect(try await store.events(sessionId: "s1", offset: 10, limit: 5).isEmpty)
        }
    }

    @Test(arguments: Backend.allCases)
    func duplicateEventIndexIsRefusedWhole(_ backend: Backend) async throws {
        try await withStore(backend) { store, _ in
            guard backend != .memory else { return }  // the memory store trusts its single writer
            try await store.appendEvents([event("s", 0)])
            await #expect(throws: (any Error).self) { try await store.appendEvents([event("s", 1), event("s", 0)]) }
            #expect(try await store.eventCount(sessionId: "s") == 1, "a failed batch writes nothing")
        }
    }

    @Test(arguments: Backend.allCases.filter { $0 != .memory })
    func dataSurvivesReopening(_ backend: Backend) async throws {
        try await withStore(backend) { store, reopen in
            try await store.saveSession(record("x", createdAt: 1, instance: "A"))
            try await store.appendEvents((0..<100).map { event("x", $0) })
            let reopened = try await reopen()
            #expect(try await reopened.eventCount(sessionId: "x") == 100)
            #expect(try await reopened.session(id: "x")?.agent == "mock")
            #expect(try await reopened.listSessions(afterID: nil, limit: 5, instanceId: "A").map(\.id) == ["x"])
        }
    }

    @Test func eventJSONSplicesThePayload() throws {
        let json = event("s\"1", 2).json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["sessionId"] as? String == "s\"1")
        #expect(object["eventIndex"] as? Int == 2)
        #expect((object["payload"] as? [String: Any])?["method"] as? String == "session/update")
    }
}
