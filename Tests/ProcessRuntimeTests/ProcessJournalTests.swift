import NIOCore
import SandboxAgentAPI
import Testing

@testable import ProcessRuntime

@Suite("ProcessJournal followers")
struct ProcessJournalTests {
    private func makeJournal() -> ProcessJournal {
        ProcessJournal(
            record: ProcessRecord(
                id: "proc_1", command: "x", args: [], cwd: nil, tty: false, interactive: false, owner: .user,
                status: .running, pid: nil, exitCode: nil, signal: nil, createdAtMs: 0, exitedAtMs: nil),
            logCapacity: 64 << 20, onTerminated: {})
    }

    @Test func aFollowerThatFallsBehindIsEndedAfterItsLastEntryAndResumes() async {
        let journal = makeJournal()
        let stream = journal.follow(.combined, since: 0)
        let total = ProcessJournal.followerBacklog + 100
        for index in 1...total { journal.receive(.stdout, ByteBuffer(string: "\(index)\n")) }
        var seen: [UInt64] = []
        for await event in stream {
            if case .log(let entry) = event { seen.append(entry.sequence) }
        }
        #expect(seen == Array(1...UInt64(ProcessJournal.followerBacklog + 1)), "in order, no gap, then ended")
        var rest: [UInt64] = []
        var exited = false
        let resumed = journal.follow(.combined, since: seen.last!)
        journal.terminated(ExitStatus(exitCode: 0))
        for await event in resumed {
            switch event {
            case .log(let entry): rest.append(entry.sequence)
            case .exit: exited = true
            }
        }
        #expect(rest == Array((seen.last! + 1)...UInt64(total)))
        #expect(exited)
    }
}
