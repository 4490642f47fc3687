import Foundation
import SessionStore
import Testing

@Suite("SessionStore backends")
struct SessionStoreTests {
    enum Backend: String, CaseIterable, Sendable {
        case memory, sqlite
    }

    private func makeStore(_ backend: Backend) throws -> (any SessionStore, String?) {
        switch backend {
        case .memory:
            return (MemorySessionStore(), nil)
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
            return (try SQLiteSessionStore(path: path), path)
        }
    }

    private func record(_ id: String, createdAt: Int64) -> SessionRecord {
        SessionRecord(id: id, agent: "mock", status: .active, cwd: "/tmp", createdAt: createdAt, env: ["KEY": "value"])
    }

    private func event(_ session: String, _ index: Int64) -> SessionEvent {
        SessionEvent(
            id: UUID().uuidString, eventIndex: index, sessionId: session, createdAt: 1_700_000_000_000 + index,
            sender: index % 2 == 0 ? .client : .agent,
            payload: #"{"jsonrpc":"2.0","method":"session/update","params":{"n":\#(index),"_meta":{"keep":true}}}"#)
    }

    @Test(arguments: Backend.allCases)
    func sessionsArePagedInCreationOrder(_ backend: Backend) async throws {
        let (store, _) = try makeStore(backend)
        for (index, id) in ["c", "a", "b", "d"].enumerated() {
            try await store.saveSession(record(id, createdAt: Int64(100 + index)))
        }
        var updated = record("a", createdAt: 101)
        updated.status = .ended
        try await store.saveSession(updated)
        let first = try await store.listSessions(afterID: nil, limit: 2)
        #expect(first.map(\.id) == ["c", "a"])
        #expect(first[1].status == .ended)
        let second = try await store.listSessions(afterID: "a", limit: 10)
        #expect(second.map(\.id) == ["b", "d"])
        #expect(try await store.session(id: "b")?.env == ["KEY": "value"])
        #expect(try await store.session(id: "zzz") == nil)
    }

    @Test(arguments: Backend.allCases)
    func eventsKeepOrderAndPayloadBytes(_ backend: Backend) async throws {
        let (store, _) = try makeStore(backend)
        try await store.appendEvents((0..<5).map { event("s1", $0) })
        try await store.appendEvents((0..<3).map { event("s2", $0) })
        try await store.appendEvents((5..<10).map { event("s1", $0) })
        #expect(try await store.eventCount(sessionId: "s1") == 10)
        #expect(try await store.eventCount(sessionId: "nope") == 0)
        let page = try await store.events(sessionId: "s1", offset: 3, limit: 4)
        #expect(page.map(\.eventIndex) == [3, 4, 5, 6])
        #expect(page[0].payload == event("s1", 3).payload)
        #expect(page[0].sender == .agent)
    }

    @Test func sqliteSurvivesReopening() async throws {
        let (store, path) = try makeStore(.sqlite)
        try await store.saveSession(record("x", createdAt: 1))
        try await store.appendEvents((0..<100).map { event("x", $0) })
        let reopened = try SQLiteSessionStore(path: try #require(path))
        #expect(try await reopened.eventCount(sessionId: "x") == 100)
        #expect(try await reopened.session(id: "x")?.agent == "mock")
    }

    @Test func duplicateEventIndexIsRefusedWhole() async throws {
        let (store, _) = try makeStore(.sqlite)
        try await store.appendEvents([event("s", 0)])
        await #expect(throws: (any Error).self) { try await store.appendEvents([event("s", 1), event("s", 0)]) }
        #expect(try await store.eventCount(sessionId: "s") == 1, "a failed batch writes nothing")
    }

    @Test func eventJSONSplicesThePayload() throws {
        let json = event("s\"1", 2).json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["sessionId"] as? String == "s\"1")
        #expect(object["eventIndex"] as? Int == 2)
        #expect((object["payload"] as? [String: Any])?["method"] as? String == "session/update")
    }
}
