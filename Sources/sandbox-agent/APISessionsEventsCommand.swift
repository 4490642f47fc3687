import ArgumentParser
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api sessions events`: print (or follow) a session's transcript.
struct APISessionsEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the transcript of a session, one event per line.",
        discussion: """
            Each line reads `#INDEX SENDER METHOD SUMMARY` (responses show `response id=N` instead of a \
            method). With --json, prints each event as one line of JSON with its payload exactly as the \
            server stored it. With --follow, keeps printing new events until interrupted.
            """)

    @OptionGroup var options: APIOptions

    @Option(help: "First event index to print (default: 0).")
    var offset: Int64 = 0

    @Option(help: "Print at most this many events (default: all).")
    var limit: Int?

    @Flag(name: .shortAndLong, help: "Keep printing new events as they are added, until interrupted.")
    var follow = false

    @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
    var id: String

    func validate() throws {
        if offset < 0 { throw ValidationError("--offset must not be negative") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await options.withClient { client in
            var printed = 0
            if follow {
                for try await event in client.followEvents(sessionId: id, offset: offset) {
                    print(event)
                    printed += 1
                    if let limit, printed >= limit { return }
                }
                return
            }
            var next = offset
            while limit.map({ printed < $0 }) ?? true {
                let pageSize = min(1000, limit.map { $0 - printed } ?? 1000)
                let page = try await client.events(sessionId: id, offset: next, limit: pageSize)
                page.items.forEach(print)
                printed += page.items.count
                next = page.nextOffset
                if page.items.count < pageSize { break }
            }
        }
    }

    private func print(_ event: SessionEvent) {
        Console.output(options.json ? event.jsonLine : APISessionsEventSummary.line(event))
    }
}
