import ACP
import ArgumentParser
import Dispatch
import Foundation
import Glibc
import SandboxAgentAPI
import SandboxAgentClient
import Synchronization

/// `sandbox-agent api sessions prompt`: run one turn and stream it.
struct APISessionsPromptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Send a prompt and stream the agent's turn as it runs.",
        discussion: """
            Prints the agent's message text as it arrives, thoughts after `thinking:`, each tool call \
            (`⚙ title [kind] status`) and tool status change, plans, and permission requests with the \
            command that answers them (`sessions permissions reply ID PERMISSION_ID once|always|reject`). \
            The stop reason goes to stderr. Exits 0 when the turn ends with end_turn, 130 when it was \
            cancelled, 2 for other stop reasons (max_tokens, max_turn_requests, refusal) and 1 on errors. \
            Ctrl-C cancels the turn (a second Ctrl-C exits at once). With --json, prints the turn's \
            transcript events as JSON lines. Options go before TEXT or after it; use -- before text that \
            starts with a dash.
            """)

    @OptionGroup var options: APIOptions

    @Flag(help: "Return once the turn has started instead of streaming it (follow it with `sessions events ID --follow`).")
    var noWait = false

    @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
    var id: String

    @Argument(help: "Prompt text; the words are joined with spaces.")
    var text: [String] = []

    func validate() throws {
        if text.joined(separator: " ").isEmpty { throw ValidationError("missing prompt TEXT") }
    }

    func run() async throws {
        let prompt = text.joined(separator: " ")
        try await options.withClient { client in
            if noWait {
                try await client.promptAsync(sessionId: id, text: prompt)
                if options.json {
                    try Console.printJSON(["status": "accepted"], pretty: false)
                } else {
                    Console.error("prompt started; follow it with: sandbox-agent api sessions events \(id) --follow")
                }
                return
            }
            let stopReason = try await streamTurn(client, prompt)
            Console.error("stopReason: \(stopReason)")
            switch stopReason {
            case .endTurn: return
            case .cancelled: throw ExitCode(130)
            default: throw ExitCode(2)
            }
        }
    }

    /// Follows the transcript from its current end, runs the turn, and prints the turn's events
    /// until the agent's answer to its `session/prompt` (or the end of the session) has been printed.
    private func streamTurn(_ client: SandboxAgentClient, _ prompt: String) async throws -> StopReason {
        let offset = try await transcriptEnd(client)
        let printer = APISessionsEventPrinter(client: client, sessionId: id)
        let json = options.json
        let sessionId = id
        let consumer = Task {
            var promptRequest: JSONValue?
            for try await event in client.followEvents(sessionId: sessionId, offset: offset) {
                if json {
                    Console.output(event.jsonLine)
                } else {
                    await printer.render(event)
                }
                if promptRequest == nil, event.sender == .client, event.method == ACPMethod.sessionPrompt {
                    promptRequest = event.rpcId
                } else if let promptRequest, event.sender == .agent, event.isResponse, event.rpcId == promptRequest {
                    return
                }
                if event.method == SandboxAgentMethod.sessionEnded { return }
            }
        }

        let interrupts = InterruptHandler { Task { try? await client.cancel(sessionId: sessionId) } }
        defer { interrupts.stop() }

        let outcome: Result<StopReason, any Error>
        do {
            outcome = .success(try await client.prompt(sessionId: id, text: prompt))
        } catch {
            outcome = .failure(error)
        }
        // The turn is over; let the stream catch up to its end, but not forever.
        let deadline = Task {
            try await Task.sleep(for: .seconds(outcome.isSuccess ? 10 : 2))
            consumer.cancel()
        }
        let streamed = await consumer.result
        deadline.cancel()
        await printer.finish()
        let stopReason = try outcome.get()
        if case .failure(let error) = streamed, !(error is CancellationError) {
            Console.error("sandbox-agent: the event stream failed: \(error)")
        }
        return stopReason
    }

    /// The `eventIndex` after the last stored event, paging through the transcript.
    private func transcriptEnd(_ client: SandboxAgentClient) async throws -> Int64 {
        var offset: Int64 = 0
        while true {
            let page = try await client.events(sessionId: id, offset: offset, limit: 1000)
            offset = page.nextOffset
            if page.items.count < 1000 { return offset }
        }
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}

/// While alive, turns the first Ctrl-C into `onInterrupt` (a cancel of the turn); a second one exits 130.
private final class InterruptHandler {
    private let source: any DispatchSourceSignal
    /// Ctrl-C presses so far.
    private final class Presses: Sendable {
        let count = Mutex(0)
    }

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let counter = Presses()
        source.setEventHandler {
            let presses = counter.count.withLock { value in
                value += 1
                return value
            }
            if presses == 1 {
                Console.error("\ncancelling the turn (press Ctrl-C again to quit)…")
                onInterrupt()
            } else {
                exit(130)
            }
        }
        source.resume()
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
