import ACP
import Logging
import ProcessRuntime
import Testing

@testable import AgentSessions

/// The native drivers (Claude Code, Codex) read the session engine's requests through the typed
/// ACP params: params that do not fit are answered with invalid params (-32602) naming the member,
/// before any CLI is started (the executables here do not exist).
@Suite("Native drivers' ACP params")
struct NativeDriverParamsTests {
    /// A request with params that do not fit, and the detail its error must carry.
    struct Case: Sendable, CustomTestStringConvertible {
        let method: String
        let params: String
        /// The error's `data`; with `prefix`, only how it starts.
        let detail: String
        var prefix = false
        var testDescription: String { "\(method) \(params)" }
    }

    static let cases: [Case] = [
        Case(method: ACPMethod.sessionNew, params: #"{"mcpServers":[]}"#, detail: "cwd is required"),
        Case(method: ACPMethod.sessionNew, params: #"{"cwd":42,"mcpServers":[]}"#, detail: "cwd must be a string"),
        Case(method: ACPMethod.sessionNew, params: #"{"cwd":null,"mcpServers":[]}"#, detail: "cwd must be a string, not null"),
        Case(method: ACPMethod.sessionNew, params: #"{"cwd":"/tmp"}"#, detail: "mcpServers is required"),
        Case(method: ACPMethod.sessionNew, params: #"["/tmp"]"#, detail: "params must be an object"),
        Case(method: ACPMethod.sessionLoad, params: #"{"cwd":"/tmp","mcpServers":[]}"#, detail: "sessionId is required"),
        Case(method: ACPMethod.sessionLoad, params: #"{"sessionId":7,"cwd":"/tmp","mcpServers":[]}"#, detail: "sessionId must be a string"),
        Case(method: ACPMethod.sessionSetMode, params: #"{"sessionId":"s"}"#, detail: "modeId is required"),
        Case(method: ACPMethod.sessionSetMode, params: #"{"sessionId":"s","modeId":"nope"}"#, detail: "unknown modeId; expected one of ", prefix: true),
        Case(method: ACPMethod.sessionSetConfigOption, params: #"{"sessionId":"s","configId":"model"}"#, detail: "value is required"),
        Case(method: ACPMethod.sessionSetConfigOption, params: #"{"sessionId":"s","configId":"effort","value":"high"}"#,
             detail: "configId must be model with one of ", prefix: true),
    ]

    /// A fresh driver of each kind (a driver answers one request per test, on its own output).
    static func drivers() throws -> [(name: String, transport: any AgentTransport)] {
        let processes = try ProcessManager(environment: [:], defaultCwd: "/tmp", logger: Logger(label: "test"))
        return [
            ("claude", ClaudeCodeTransport(executable: "/nonexistent/claude", environment: [:], processes: processes, requestIDs: ACPRequestIDs())),
            ("codex", CodexTransport(executable: "/nonexistent/codex", environment: [:], processes: processes, requestIDs: ACPRequestIDs())),
        ]
    }

    @Test("params that do not fit are invalid params naming the member", arguments: cases)
    func invalidParams(_ check: Case) async throws {
        for (name, driver) in try Self.drivers() {
            try await driver.send(#"{"jsonrpc":"2.0","id":7,"method":"\#(check.method)","params":\#(check.params)}"#)
            var output = driver.output.makeAsyncIterator()
            guard case .line(let line)? = await output.next() else {
                Issue.record("\(name): no answer")
                continue
            }
            guard case .response(.int(7), .failure(let error)) = try JSONRPCMessage.parse(line) else {
                Issue.record("\(name): not an error answer: \(line)")
                continue
            }
            #expect(error.code == -32602, "\(name): \(line)")
            let detail = error.data?.stringValue ?? ""
            #expect(check.prefix ? detail.hasPrefix(check.detail) : detail == check.detail, "\(name): \(line)")
        }
    }

    /// Fitting params get past the decoding: `session/new` tries to start the CLI (which does not
    /// exist here), `session/load` resumes the session it names.
    @Test func fittingParamsReachTheDriver() async throws {
        for (name, driver) in try Self.drivers() {
            try await driver.send(#"{"jsonrpc":"2.0","id":1,"method":"session/new","params":{"cwd":"/tmp","mcpServers":[],"_meta":{"x":1}}}"#)
            var output = driver.output.makeAsyncIterator()
            guard case .line(let line)? = await output.next(), case .response(.int(1), .failure(let error)) = try JSONRPCMessage.parse(line) else {
                Issue.record("\(name): no error answer")
                continue
            }
            #expect(error.code == -32603, "\(name): \(error)")
            #expect("\(error)".contains("/nonexistent/\(name)"), "\(name): \(error)")
        }
        let load = try SessionOpening(method: ACPMethod.sessionLoad, params: ["sessionId": "abc", "cwd": "/w", "mcpServers": [["name": "fs"]]])
        #expect(load.resuming == "abc" && load.cwd == "/w" && load.mcpServers == [["name": "fs"]])
        #expect(try SessionOpening(method: ACPMethod.sessionNew, params: ["sessionId": "abc", "cwd": "/w", "mcpServers": []]).resuming == nil)
    }

    /// The `session/new` and `session/load` results the drivers answer with, against the JSON of
    /// ACP's `NewSessionResponse` and `LoadSessionResponse`.
    @Test func openedResults() throws {
        let state = NativeSessionState(mode: "plan", modes: [("plan", "Plan", "Plans only")], model: "opus", models: [("default", "Default"), ("opus", "Opus")])
        let modes = #""modes":{"currentModeId":"plan","availableModes":[{"id":"plan","name":"Plan","description":"Plans only"}]}"#
        let options = #""configOptions":[{"id":"model","name":"Model","category":"model","type":"select","currentValue":"opus","options":[{"value":"default","name":"Default"},{"value":"opus","name":"Opus"}]}]"#
        #expect(state.opened(newSession: "s-1") == (try JSONValue(jsonText: "{\"sessionId\":\"s-1\",\(modes),\(options)}")))
        #expect(state.opened(newSession: nil) == (try JSONValue(jsonText: "{\(modes),\(options)}")))
    }
}
