import ACP
import AgentSessions
import Foundation
import Logging
import SessionStore
import Testing

/// An agent's stdio written by the test: the lines the connection sends are read from `sent`,
/// the agent's lines are yielded with `write`, and `exitAgent` ends its output like an exit.
final class ScriptedTransport: AgentTransport {
    let output: AsyncStream<AgentOutput>
    let sent: AsyncStream<String>
    private let agent: AsyncStream<AgentOutput>.Continuation
    private let sentLines: AsyncStream<String>.Continuation

    init() {
        (output, agent) = AsyncStream.makeStream()
        (sent, sentLines) = AsyncStream.makeStream()
    }

    func send(_ line: String) async throws { sentLines.yield(line) }
    func exit() async -> AgentExit { AgentExit(exitCode: 1, signal: nil, stderrTail: "") }
    func terminate() async { exitAgent() }

    func write(_ line: String) { agent.yield(.line(line)) }
    func exitAgent() { agent.finish() }
}

/// `AgentConnection` against a scripted agent: how a request ends when the agent answers with an
/// error, exits first, or never answers. The outcome is told by values, not by message text.
@Suite("AgentConnection with a scripted agent")
struct AgentConnectionTests {
    let transport = ScriptedTransport()
    let connection: AgentConnection

    init() {
        connection = AgentConnection(
            transport: transport, log: EventLog(sessionId: "s", nextIndex: 0, store: MemorySessionStore(), logger: Logger(label: "test")))
    }

    /// Runs the connection (no client methods handled) for the duration of `body`.
    private func running(_ body: () async throws -> Void) async throws {
        let run = Task { [connection] in await connection.run(handler: nil, onNotification: { _, _ in }) }
        defer { transport.exitAgent() }
        try await body()
        transport.exitAgent()
        _ = await run.value
    }

    /// Sends a request in the background and returns it with the line the agent received.
    private func request(timeout: Duration? = nil) async throws -> (Task<JSONValue, any Error>, String) {
        let task = Task { [connection] () throws -> JSONValue in
            try await connection.request("session/new", ["cwd": "/"], timeout: timeout)
        }
        var lines = transport.sent.makeAsyncIterator()
        let line = try #require(await lines.next())
        return (task, line)
    }

    private func failure(of task: Task<JSONValue, any Error>) async -> AgentSessionError? {
        do {
            _ = try await task.value
            return nil
        } catch {
            return error as? AgentSessionError
        }
    }

    @Test func anErrorAnswerIsTheAgentsErrorEvenIfItsTextSaysExited() async throws {
        try await running {
            let (task, line) = try await request()
            #expect(line.contains(#""method":"session/new""#))
            transport.write(#"{"jsonrpc":"2.0","id":0,"error":{"code":-32603,"message":"agent process exited"}}"#)
            let error = try #require(await failure(of: task))
            #expect(error.code == .agentError)
            #expect((error.cause as? JSONRPCError)?.code == -32603)
            #expect(error.details["rpcCode"] == "-32603")
        }
    }

    @Test func anAgentThatExitsBeforeAnsweringIsAgentExited() async throws {
        try await running {
            let (task, _) = try await request()
            transport.exitAgent()
            #expect(await failure(of: task)?.code == .agentExited)
        }
        // After the exit a request fails at once, without being sent.
        let late = Task { [connection] () throws -> JSONValue in try await connection.request("session/new", [:]) }
        #expect(await failure(of: late)?.code == .agentExited)
    }

    @Test func anAgentThatNeverAnswersTimesOut() async throws {
        try await running {
            let (task, _) = try await request(timeout: .milliseconds(50))
            #expect(await failure(of: task)?.code == .timeout)
        }
    }

    @Test func aResultIsReturned() async throws {
        try await running {
            let (task, _) = try await request()
            transport.write(#"{"jsonrpc":"2.0","id":0,"result":{"sessionId":"a1"}}"#)
            #expect(try await task.value["sessionId"]?.stringValue == "a1")
        }
    }

    /// Of the streamed `session/update`s only those that change the session (mode, config options,
    /// usage) are parsed and handed on, told by their `sessionUpdate` member: a text chunk that
    /// mentions `current_mode_update` is recorded but not handed on, a real mode update is.
    @Test func onlyStateChangingUpdatesAreHandedOn() async throws {
        let (handedOn, sink) = AsyncStream.makeStream(of: JSONValue.self)
        let run = Task { [connection] in
            await connection.run(handler: nil, onNotification: { _, params in sink.yield(params?["update"] ?? .null) })
        }
        let lines = [
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"a1","update":{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"next: current_mode_update, config_option_update, usage_update"}}}}"#,
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"a1","update":{"content":{"type":"text","text":"{\"sessionUpdate\":\"current_mode_update\",\"currentModeId\":\"x\"}"},"sessionUpdate":"agent_thought_chunk"}}}"#,
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"a1","update":{"sessionUpdate":"current_mode_update","currentModeId":"plan"}}}"#,
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"a1","update":{"sessionUpdate":"usage_update","used":10,"size":100}}}"#,
        ]
        for line in lines { transport.write(line) }
        transport.exitAgent()
        _ = await run.value
        sink.finish()
        var kinds: [SessionUpdateKind?] = []
        for await update in handedOn { kinds.append(SessionUpdateKind(of: update)) }
        #expect(kinds == [.currentModeUpdate, .usageUpdate])
        #expect(connection.log.count == Int64(lines.count))  // every line is recorded
    }
}
