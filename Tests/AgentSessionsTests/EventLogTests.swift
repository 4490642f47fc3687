import Logging
import SandboxAgentAPI
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

    /// Appends `count` events and waits until they are flushed: a few large batches.
    private func appendInBulk(_ log: EventLog, _ count: Int, from first: Int = 0) async {
        for index in first..<(first + count) {
            log.append(.agent, #"{"jsonrpc":"2.0","method":"n","params":{"i":\#(index)}}"#)
        }
        await log.waitUntilFlushed()
    }

    /// Reads `stream` until it ends or `last` arrives; returns the indices and whether it ended.
    private func read(_ stream: AsyncStream<[SessionEvent]>, until last: Int64) async -> (seen: [Int64], ended: Bool) {
        var seen: [Int64] = []
        for await batch in stream {
            seen += batch.map(\.eventIndex)
            if seen.last == last { return (seen, false) }
        }
        return (seen, true)
    }

    @Test func aSubscriberThatFallsBehindIsEndedNotSkipped() async throws {
        let log = EventLog(sessionId: "s", nextIndex: 0, store: MemorySessionStore(), logger: Logger(label: "test"), subscriberBacklog: 100)
        let stream = log.subscribe(from: 0)
        // While nobody reads: events one at a time, then in large batches — counted in events, not batches.
        await appendOneByOne(log, 60)
        await appendInBulk(log, 30, from: 60)
        await appendInBulk(log, 500, from: 90)
        let (seen, ended) = await read(stream, until: 589)
        #expect(ended, "the stream of a subscriber more than 100 events behind ends")
        #expect(seen == Array(0..<Int64(seen.count)) && (90...100).contains(seen.count), "in order up to the limit, then ended: no gap")
        // Resuming after the last delivered event gets the rest, from the store.
        let (rest, _) = await read(log.subscribe(from: Int64(seen.count)), until: 589)
        #expect(rest == Array(Int64(seen.count)...589))
    }

    /// The reconnect case: a subscriber still replaying stored events when live ones overflow its
    /// queue must finish the replay before the queued live events (else it skips the rest of the
    /// replay: the chaos suite's follower saw 27386 followed by 55011).
    @Test func aSubscriberClosedWhileReplayingStillReplaysEverything() async throws {
        let log = EventLog(sessionId: "s", nextIndex: 0, store: MemorySessionStore(), logger: Logger(label: "test"), subscriberBacklog: 100)
        await appendInBulk(log, 2500)
        let stream = log.subscribe(from: 0)
        var iterator = stream.makeAsyncIterator()
        var seen = (await iterator.next() ?? []).map(\.eventIndex)
        #expect(!seen.isEmpty && seen.count < 2500, "the replay is read a page at a time")
        for round in 0..<5 { await appendInBulk(log, 60, from: 2500 + round * 60) }
        while let batch = await iterator.next() { seen += batch.map(\.eventIndex) }
        #expect(seen == Array(0..<Int64(seen.count)), "no gap between the replay and the live events")
        #expect(seen.count >= 2500, "the whole replay is delivered before the stream ends")
    }

    @Test func aReaderWithNothingQueuedTakesABatchOverTheLimit() async throws {
        let log = EventLog(sessionId: "s", nextIndex: 0, store: MemorySessionStore(), logger: Logger(label: "test"), subscriberBacklog: 10)
        let stream = log.subscribe(from: 0)
        await appendInBulk(log, 50)
        let (seen, ended) = await read(stream, until: 49)
        #expect(!ended && seen == Array(0..<50))
    }

    @Test func manyLaggingSubscribersShareTheEvents() async throws {
        // 100 subscribers, none reading, 3x the backlog appended: each is ended after the backlog.
        let log = EventLog(sessionId: "s", nextIndex: 0, store: MemorySessionStore(), logger: Logger(label: "test"), subscriberBacklog: 1000)
        let streams = (0..<100).map { _ in log.subscribe(from: 0) }
        for chunk in 0..<30 { await appendInBulk(log, 100, from: chunk * 100) }
        for stream in streams {
            let (seen, ended) = await read(stream, until: 2999)
            #expect(ended && seen == Array(0..<Int64(seen.count)) && seen.count <= 1100)
        }
    }

    /// Another server's log of the same session on a shared store: it publishes what the writer
    /// stored, in order, when told the store's count (as LISTEN/NOTIFY does), with no gap between
    /// replay and live, and `waitUntilFlushed` and `count` follow.
    @Test func aFollowerPublishesWhatAnotherWriterStored() async throws {
        let store = MemorySessionStore()
        let writer = EventLog(sessionId: "s", nextIndex: 0, store: store, logger: Logger(label: "test"))
        await appendInBulk(writer, 30)
        let follower = EventLog(sessionId: "s", nextIndex: 30, store: store, logger: Logger(label: "test"))
        let stream = follower.subscribe(from: 10)
        await appendInBulk(writer, 2_000, from: 30)
        follower.follow(upTo: 1_000)  // announcements may lag and come in any grouping
        follower.follow(upTo: 500)
        follower.follow(upTo: writer.count)
        var (seen, ended) = await read(stream, until: 2_029)
        #expect(!ended)
        #expect(seen == Array(10...2_029))
        #expect(follower.count == 2_030)
        follower.follow(upTo: 5_000)  // a count ahead of the store (stale): nothing invented
        await appendInBulk(writer, 1, from: 2_030)
        follower.follow(upTo: writer.count)
        (seen, ended) = await read(stream, until: 2_030)
        #expect(seen == [2_030] && !ended)
    }
}
