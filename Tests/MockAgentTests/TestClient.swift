import ACP
import Foundation
import MockAgent
import Synchronization
import Testing

/// Lines collected from a sink, safe to append from any thread.
final class LineRecorder: Sendable {
    private let lines = Mutex<[String]>([])
    private let ended = Mutex(false)

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    func line(at index: Int) -> String? { lines.withLock { index < $0.count ? $0[index] : nil } }
    var all: [String] { lines.withLock { $0 } }

    /// Marks the end of the sink (its writer closed it).
    func end() { ended.withLock { $0 = true } }

    /// Every line, once the sink has ended (`timeout` at most).
    func complete(within timeout: Duration = .seconds(10)) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while !ended.withLock({ $0 }) {
            guard ContinuousClock.now < deadline else { throw TimedOut(description: "the sink did not end within \(timeout)") }
            try await Task.sleep(for: .milliseconds(10))
        }
        return all
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Reads recorded lines in order, each parsed with `JSONRPCMessage.parse` (so every emitted line
/// must be valid JSON-RPC).
struct LineReader {
    let recorder: LineRecorder
    var cursor = 0

    mutating func next(timeout: Duration = .seconds(30)) async throws -> JSONRPCMessage {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = recorder.line(at: cursor) {
                cursor += 1
                return try JSONRPCMessage.parse(line)
            }
            guard ContinuousClock.now < deadline else { throw TimedOut(description: "no line #\(cursor) within \(timeout)") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Messages up to and including the response to `id`.
    /// The messages up to the response to `id`, without the `usage_update`s the mock sends at the
    /// end of every turn (PromptTests checks those), unless `usage` is set.
    mutating func until(responseTo id: JSONRPCID, usage: Bool = false, timeout: Duration = .seconds(30)) async throws -> [JSONRPCMessage] {
        var messages: [JSONRPCMessage] = []
        while true {
            let message = try await next(timeout: timeout)
            if usage || message.update?["sessionUpdate"] != "usage_update" { messages.append(message) }
            if case .response(id, _) = message { return messages }
        }
    }

    /// Fails if any line arrives within `duration`.
    mutating func expectSilence(for duration: Duration = .milliseconds(100)) async throws {
        try await Task.sleep(for: duration)
        #expect(recorder.line(at: cursor) == nil, "unexpected line: \(recorder.line(at: cursor) ?? "")")
    }
}

/// Drives an in-process `MockAgent` with real JSON lines.
struct TestClient {
    static let allCapabilities = #"{"fs":{"readTextFile":true,"writeTextFile":true},"terminal":true}"#

    let output = LineRecorder()
    let diagnostics = LineRecorder()
    private let input: AsyncStream<String>.Continuation
    private let serving: Task<Int32, Never>
    var reader: LineReader

    init(stateDirectory: String? = nil) {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let output = output, diagnostics = diagnostics
        let agent = MockAgent(stateDirectory: stateDirectory, input: stream,
                              output: { output.append($0) }, diagnostics: { diagnostics.append($0) })
        input = continuation
        serving = Task { await agent.serve() }
        reader = LineReader(recorder: output)
    }

    func send(_ line: String) {
        input.yield(line)
    }

    mutating func next(timeout: Duration = .seconds(30)) async throws -> JSONRPCMessage {
        try await reader.next(timeout: timeout)
    }

    mutating func until(responseTo id: Int64, usage: Bool = false) async throws -> [JSONRPCMessage] {
        try await reader.until(responseTo: .int(id), usage: usage)
    }

    mutating func expectSilence(for duration: Duration = .milliseconds(100)) async throws {
        try await reader.expectSilence(for: duration)
    }

    /// `initialize` (id 0) and `session/new` (id 1); consumes both answers and the commands update.
    mutating func start(capabilities: String = allCapabilities, cwd: String = "/home/user/project") async throws -> String {
        send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1,"clientCapabilities":\#(capabilities),"clientInfo":{"name":"test","version":"0"}}}"#)
        _ = try await until(responseTo: 0)
        send(#"{"jsonrpc":"2.0","id":1,"method":"session/new","params":{"cwd":\#(quoted(cwd)),"mcpServers":[]}}"#)
        let created = try await next()
        let sessionId = try #require(created.result?["sessionId"]?.stringValue)
        #expect(try await next().update?["sessionUpdate"] == "available_commands_update")
        return sessionId
    }

    func prompt(_ id: Int64, _ session: String, _ text: String) {
        send(#"{"jsonrpc":"2.0","id":\#(id),"method":"session/prompt","params":{"sessionId":\#(quoted(session)),"prompt":[{"type":"text","text":\#(quoted(text))}]}}"#)
    }

    func cancel(_ session: String) {
        send(#"{"jsonrpc":"2.0","method":"session/cancel","params":{"sessionId":\#(quoted(session))}}"#)
    }

    /// Answers an agent request with `result` (a JSON text).
    func answer(_ id: JSONRPCID, result: String) {
        send(#"{"jsonrpc":"2.0","id":\#(id.description),"result":\#(result)}"#)
    }

    /// Ends the input; returns the exit status `serve()` reports.
    func finish() async -> Int32 {
        input.finish()
        return await serving.value
    }

    /// The status `serve()` returned on its own (e.g. after `/crash`).
    func status() async -> Int32 {
        await serving.value
    }
}

/// A JSON string literal for `text`.
func quoted(_ text: String) -> String {
    String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
}

/// Parses a JSON text into a `JSONValue`.
func json(_ text: String) -> JSONValue {
    try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

extension JSONRPCMessage {
    /// `params.update` of a `session/update` notification.
    var update: JSONValue? {
        guard case .notification("session/update", let params) = self else { return nil }
        return params?["update"]
    }

    var result: JSONValue? {
        guard case .response(_, .success(let value)) = self else { return nil }
        return value
    }

    /// `result.stopReason` of a prompt response.
    var stopReason: String? { result?["stopReason"]?.stringValue }

    var error: JSONRPCError? {
        guard case .response(_, .failure(let error)) = self else { return nil }
        return error
    }

    /// The id of a request the agent sent.
    var requestID: JSONRPCID? {
        guard case .request(let id, _, _) = self else { return nil }
        return id
    }

    /// The text of a chunk update.
    var chunkText: String? {
        update?["content"]?["text"]?.stringValue
    }
}
