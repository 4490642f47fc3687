import Logging
import SessionStore
import Testing

@testable import AgentSessions

@Suite("EventLog")
struct EventLogTests {
    private func makeLog() -> EventLog {
        EventLog(sessionId: "s", nextIndex: 0, store: MemorySessionStore(), logger: Logger(label: "test"))
    }

    /// Appends `count` events, each flushed on its own so that each is its own batch.
    private func appendOneByOne(_ log: EventLog, _ count: Int) async {
        for index in 0..<count {
            log.append(.agent, #"{"jsonrpc":"2.0","method":"n","params":{"i":\#(index)}}"#)
            await log.waitUntilFlushed()
        }
    }

    @Test func replayThenLiveWithoutGaps() async throws {
        let log = makeLog()
        await appendOneByOne(log, 10)
        let stream = log.subscribe(from: 4)
        await appendOneByOne(log, 5)
        var seen: [Int64] = []
        for await batch in stream {
            seen += batch.map(\.eventIndex)
            if seen.last == 14 { break }
        }
        #expect(seen == Array(4...14))
    }

    @Test func aSubscriberThatFallsBehindIsEndedNotSkipped() async throws {
        let log = makeLog()
        let stream = log.subscribe(from: 0)
        // One more batch than the backlog while nobody reads.
        await appendOneByOne(log, EventLog.subscriberBacklog + 50)
        var seen: [Int64] = []
        for await batch in stream { seen += batch.map(\.eventIndex) }
        #expect(seen == Array(0..<Int64(EventLog.subscriberBacklog)), "delivered in order, then ended: no gap")
        // Resuming after the last delivered event gets the rest.
        var rest: [Int64] = []
        for await batch in log.subscribe(from: Int64(seen.count)) {
            rest += batch.map(\.eventIndex)
            if rest.last == Int64(EventLog.subscriberBacklog + 49) { break }
        }
        #expect(rest == Array(Int64(EventLog.subscriberBacklog)..<Int64(EventLog.subscriberBacklog + 50)))
    }
}
