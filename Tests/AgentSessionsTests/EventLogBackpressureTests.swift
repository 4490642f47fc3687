import Foundation
import Logging
import SandboxAgentAPI
import SessionStore
import Synchronization
import Testing

@testable import AgentSessions

/// A shared store (as PostgreSQL is) that refuses appends while it is down.
private final class OutageStore: SessionStore {
    private let stored = MemorySessionStore()
    private let isDown = Mutex(false)
    /// The sizes of the batches stored.
    let batches = Mutex<[Int]>([])

    func down(_ down: Bool) { isDown.withLock { $0 = down } }

    func appendEvents(_ events: [SessionEvent]) async throws {
        if isDown.withLock({ $0 }) { throw StoreDown() }
        try await stored.appendEvents(events)
        batches.withLock { $0.append(events.count) }
    }

    func saveSession(_ record: SessionRecord) async throws { try await stored.saveSession(record) }
    func session(id: String) async throws -> SessionRecord? { try await stored.session(id: id) }
    func listSessions(afterID: String?, limit: Int, instanceId: String?) async throws -> [SessionRecord] {
        try await stored.listSessions(afterID: afterID, limit: limit, instanceId: instanceId)
    }
    func events(sessionId: String, offset: Int64, limit: Int) async throws -> [SessionEvent] {
        try await stored.events(sessionId: sessionId, offset: offset, limit: limit)
    }
    func eventCount(sessionId: String) async throws -> Int64 { try await stored.eventCount(sessionId: sessionId) }
    func notices() -> AsyncStream<StoreNotice>? { nil }
    var isShared: Bool { true }

    struct StoreDown: Error {}
}

@Suite("EventLog backpressure")
struct EventLogBackpressureTests {
    @Test func atTheLimitTheAgentIsPausedAndResumedOnceHalfIsStored() async throws {
        let store = OutageStore()
        let health = StoreHealth()
        let log = EventLog(sessionId: "s", nextIndex: 0, store: store, logger: Logger(label: "test"), health: health, bufferLimit: 10)
        let calls = Mutex<[Bool]>([])
        log.onBufferFull { paused in calls.withLock { $0.append(paused) } }
        store.down(true)
        for index in 0..<9 { log.append(.agent, #"{"jsonrpc":"2.0","method":"n","params":{"i":\#(index)}}"#) }
        #expect(calls.withLock { $0 }.isEmpty, "below the limit the agent runs on")
        #expect(health.degradedReason?.contains("paused") != true)
        log.append(.agent, #"{"jsonrpc":"2.0","method":"n","params":{"i":9}}"#)
        #expect(calls.withLock { $0 } == [true], "the 10th waiting event pauses the agent")
        #expect(health.degradedReason?.contains("1 session(s) paused at the event buffer limit") == true, "\(health.degradedReason ?? "")")

        // A new agent of the session (a resume) is paused at once while the buffer is full.
        let late = Mutex<[Bool]>([])
        log.onBufferFull { paused in late.withLock { $0.append(paused) } }
        #expect(late.withLock { $0 } == [true])

        store.down(false)
        await log.waitUntilFlushed()
        #expect(late.withLock { $0 } == [true, false], "resumed once the events are stored")
        #expect(calls.withLock { $0 } == [true], "the replaced handler is not called again")
        #expect(health.degradedReason == nil)
        let events = try await log.events(offset: 0, limit: 100)
        #expect(events.map(\.eventIndex) == Array(0..<Int64(events.count)))
        let methods = serverMethods(events)
        #expect(methods.contains("_sandboxagent/storage/paused") && methods.contains("_sandboxagent/storage/resumed"), "\(methods)")
        #expect(paused(events)?.contains(#""bound":"events""#) == true)
        #expect(events.filter { $0.sender == .agent }.count == 10, "nothing dropped")
    }

    /// Large events pause the agent at the byte bound long before the event count is reached, and
    /// it resumes only once no more than half of the bytes wait.
    @Test func atTheByteLimitTheAgentIsPausedAndResumedOnceHalfIsStored() async throws {
        let store = OutageStore()
        let health = StoreHealth()
        let log = EventLog(
            sessionId: "s", nextIndex: 0, store: store, logger: Logger(label: "test"), health: health,
            bufferLimit: 1_000, bufferByteLimit: 10_000)
        let calls = Mutex<[Bool]>([])
        log.onBufferFull { paused in calls.withLock { $0.append(paused) } }
        store.down(true)
        let line = { (index: Int) in
            let head = #"{"jsonrpc":"2.0","method":"n","params":{"i":\#(index),"pad":""#
            return head + String(repeating: "x", count: 1_000 - head.utf8.count - 3) + #""}}"#
        }
        #expect(line(0).utf8.count == 1_000)
        for index in 0..<9 { log.append(.agent, line(index)) }
        #expect(calls.withLock { $0 }.isEmpty, "9,000 bytes wait: below the 10,000-byte limit the agent runs on")
        log.append(.agent, line(9))
        #expect(calls.withLock { $0 } == [true], "the 10,000th waiting byte pauses the agent, 990 events below the event limit")
        #expect(health.degradedReason?.contains("paused at the event buffer limit") == true, "\(health.degradedReason ?? "")")

        store.down(false)
        await log.waitUntilFlushed()
        #expect(calls.withLock { $0 } == [true, false], "resumed once the events are stored")
        #expect(health.degradedReason == nil)
        let events = try await log.events(offset: 0, limit: 100)
        #expect(events.map(\.eventIndex) == Array(0..<Int64(events.count)))
        let pausedParams = try #require(paused(events))
        #expect(pausedParams.contains(#""bound":"bytes""#) && pausedParams.contains(#""limitBytes":10000"#), "\(pausedParams)")
        #expect(serverMethods(events).contains("_sandboxagent/storage/resumed"))
        #expect(events.filter { $0.sender == .agent }.map(\.payloadJSON) == (0..<10).map(line), "nothing dropped, in order")
    }

    /// What waited through an outage is written in batches of at most `writeBatchLimit`, so that
    /// no single statement has to carry all of it within the store's deadline.
    @Test func eventsBufferedThroughAnOutageAreWrittenInBoundedBatches() async throws {
        let store = OutageStore()
        let log = EventLog(sessionId: "s", nextIndex: 0, store: store, logger: Logger(label: "test"))
        store.down(true)
        for index in 0..<10_000 { log.append(.agent, #"{"jsonrpc":"2.0","method":"n","params":{"i":\#(index)}}"#) }
        store.down(false)
        await log.waitUntilFlushed()
        let batches = store.batches.withLock { $0 }
        #expect(batches.max() == EventLog.writeBatchLimit.events, "\(batches)")
        let events = try await log.events(offset: 0, limit: 20_000)
        #expect(batches.reduce(0, +) == events.count)
        #expect(events.map(\.eventIndex) == Array(0..<Int64(events.count)), "in order, no gap")
        #expect(events.filter { $0.sender == .agent }.count == 10_000)
    }

    /// The methods of the server's notifications in `events`.
    private func serverMethods(_ events: [SessionEvent]) -> [String] {
        events.compactMap { event -> String? in
            guard event.sender == .server, let start = event.payloadJSON.range(of: #""method":""#) else { return nil }
            return String(event.payloadJSON[start.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// The `_sandboxagent/storage/paused` notification's line, if any.
    private func paused(_ events: [SessionEvent]) -> String? {
        events.first { $0.sender == .server && $0.payloadJSON.contains("_sandboxagent/storage/paused") }?.payloadJSON
    }
}
