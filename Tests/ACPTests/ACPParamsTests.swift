import ACP
import Foundation
import Testing

/// The typed params against the example messages of the ACP v1 specification (schema 1.21, as
/// quoted in the project's protocol reference §1.4): each spec line's method is the constant, its
/// params decode to the expected value, and the value built in code encodes to exactly the
/// spec's params.
@Suite("ACP params against the specification's examples")
struct ACPParamsTests {
    /// One spec line: its method must be `method`, its params must be `value` and back.
    private func check<P: Codable & Equatable>(_ line: String, method: String, _ value: P) throws {
        let message = try JSONRPCMessage.parse(line)
        #expect(message.method == method)
        let params = try #require(message.params)
        let decoded = try JSONDecoder().decode(P.self, from: JSONEncoder().encode(params))
        #expect(decoded == value)
        #expect(JSONValue(encoding: value) == params)
    }

    @Test func initialize() throws {
        try check(
            #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1,"clientCapabilities":{"fs":{"readTextFile":true,"writeTextFile":true},"terminal":true},"clientInfo":{"name":"our-server","title":"Our Server","version":"0.1.0"}}}"#,
            method: ACPMethod.initialize,
            InitializeParams(
                protocolVersion: 1,
                clientCapabilities: ClientCapabilities(fs: FileSystemCapability(readTextFile: true, writeTextFile: true), terminal: true),
                clientInfo: ImplementationInfo(name: "our-server", title: "Our Server", version: "0.1.0")))
    }

    @Test func initializeWithElicitation() throws {
        // §1.3: `elicitation.form` / `elicitation.url` are objects, `{}` = supported.
        let value = ClientCapabilities(elicitation: ElicitationCapabilities(form: [:], url: [:]))
        #expect(JSONValue(encoding: value) == ["elicitation": ["form": [:], "url": [:]]])
    }

    @Test func newSession() throws {
        try check(
            #"{"jsonrpc":"2.0","id":3,"method":"session/new","params":{"cwd":"/home/user/project","mcpServers":[{"name":"fs","command":"/usr/local/bin/mcp-fs","args":["--stdio"],"env":[]},{"type":"http","name":"api","url":"https://example.com/mcp","headers":[{"name":"Authorization","value":"Bearer t"}]}]}}"#,
            method: ACPMethod.sessionNew,
            NewSessionParams(
                cwd: "/home/user/project",
                mcpServers: [
                    ["name": "fs", "command": "/usr/local/bin/mcp-fs", "args": ["--stdio"], "env": []],
                    ["type": "http", "name": "api", "url": "https://example.com/mcp", "headers": [["name": "Authorization", "value": "Bearer t"]]],
                ]))
    }

    @Test func loadSession() throws {
        try check(
            #"{"jsonrpc":"2.0","id":4,"method":"session/load","params":{"sessionId":"sess_789xyz","cwd":"/home/user/project","mcpServers":[]}}"#,
            method: ACPMethod.sessionLoad, LoadSessionParams(sessionId: "sess_789xyz", cwd: "/home/user/project", mcpServers: []))
    }

    @Test func prompt() throws {
        try check(
            #"{"jsonrpc":"2.0","id":8,"method":"session/prompt","params":{"sessionId":"sess_abc123","prompt":[{"type":"text","text":"Can you analyze this code?"},{"type":"resource","resource":{"uri":"file:///home/user/project/main.py","mimeType":"text/x-python","text":"def f():\n    pass\n"}}]}}"#,
            method: ACPMethod.sessionPrompt,
            PromptParams(
                sessionId: "sess_abc123",
                prompt: [
                    ["type": "text", "text": "Can you analyze this code?"],
                    ["type": "resource", "resource": ["uri": "file:///home/user/project/main.py", "mimeType": "text/x-python", "text": "def f():\n    pass\n"]],
                ]))
    }

    @Test func cancel() throws {
        let line = #"{"jsonrpc":"2.0","method":"session/cancel","params":{"sessionId":"sess_abc123"}}"#
        try check(line, method: ACPMethod.sessionCancel, CancelParams(sessionId: "sess_abc123"))
        guard case .notification = try JSONRPCMessage.parse(line) else { Issue.record("session/cancel is a notification"); return }
    }

    @Test func setMode() throws {
        try check(
            #"{"jsonrpc":"2.0","id":9,"method":"session/set_mode","params":{"sessionId":"sess_abc123","modeId":"plan"}}"#,
            method: ACPMethod.sessionSetMode, SetModeParams(sessionId: "sess_abc123", modeId: "plan"))
    }

    @Test func setConfigOption() throws {
        try check(
            #"{"jsonrpc":"2.0","id":10,"method":"session/set_config_option","params":{"sessionId":"sess_abc123","configId":"model","value":"opus"}}"#,
            method: ACPMethod.sessionSetConfigOption, SetConfigOptionParams(sessionId: "sess_abc123", configId: "model", value: "opus"))
    }

    @Test func sessionUpdateEnvelope() throws {
        let line = #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"current_mode_update","currentModeId":"plan"}}}"#
        try check(
            line, method: ACPMethod.sessionUpdate,
            SessionUpdateParams(sessionId: "s1", update: ["sessionUpdate": "current_mode_update", "currentModeId": "plan"]))
        let built = SessionUpdateParams.notification(sessionId: "s1", update: CurrentModeUpdate(currentModeId: "plan"))
        #expect(built == (try JSONRPCMessage.parse(line)))
    }

    /// The agent → client methods of §1.6, each as the spec's example writes it.
    @Test func readAndWriteTextFile() throws {
        try check(
            #"{"jsonrpc":"2.0","id":1,"method":"fs/read_text_file","params":{"sessionId":"sess_abc123","path":"/home/user/project/src/main.py","line":10,"limit":50}}"#,
            method: ACPMethod.fsReadTextFile, ReadTextFileParams(sessionId: "sess_abc123", path: "/home/user/project/src/main.py", line: 10, limit: 50))
        try check(
            #"{"jsonrpc":"2.0","id":2,"method":"fs/write_text_file","params":{"sessionId":"sess_abc123","path":"/home/user/project/config.json","content":"{\n  \"debug\": true\n}"}}"#,
            method: ACPMethod.fsWriteTextFile,
            WriteTextFileParams(sessionId: "sess_abc123", path: "/home/user/project/config.json", content: "{\n  \"debug\": true\n}"))
    }

    @Test func terminalRequests() throws {
        try check(
            #"{"jsonrpc":"2.0","id":3,"method":"terminal/create","params":{"sessionId":"sess_abc123","command":"npm","args":["test"],"env":[{"name":"NODE_ENV","value":"test"}],"cwd":"/home/user/project","outputByteLimit":1048576}}"#,
            method: ACPMethod.terminalCreate,
            CreateTerminalParams(
                sessionId: "sess_abc123", command: "npm", args: ["test"], env: [.init(name: "NODE_ENV", value: "test")], cwd: "/home/user/project",
                outputByteLimit: 1_048_576))
        try check(
            #"{"jsonrpc":"2.0","id":4,"method":"terminal/wait_for_exit","params":{"sessionId":"sess_abc123","terminalId":"term_xyz789"}}"#,
            method: ACPMethod.terminalWaitForExit, TerminalParams(sessionId: "sess_abc123", terminalId: "term_xyz789"))
        // Results: an exit status names both members (null for the one that does not apply).
        #expect(JSONValue(encoding: TerminalExitStatus(exitCode: 0, signal: nil)) == ["exitCode": 0, "signal": .null])
        #expect(
            JSONValue(encoding: TerminalOutputResult(output: "ok", truncated: false, exitStatus: .init(exitCode: nil, signal: "SIGKILL")))
                == ["output": "ok", "truncated": false, "exitStatus": ["exitCode": .null, "signal": "SIGKILL"]])
        #expect(try (["terminalId": "term_1"] as JSONValue).decoded(as: CreateTerminalResult.self) == CreateTerminalResult(terminalId: "term_1"))
    }

    /// Params that do not fit the schema are invalid params naming the member, as the client
    /// answers an agent's malformed `fs/*` and `terminal/*` requests.
    @Test func malformedClientMethodParamsNameTheMember() {
        let cases: [(JSONValue, String)] = [
            (["sessionId": "s"], "path is required"),
            (["sessionId": "s", "path": 7], "path must be a string"),
        ]
        for (params, message) in cases {
            #expect(throws: JSONRPCError.invalidParams(message)) { try params.decoded(as: ReadTextFileParams.self) }
        }
        #expect(throws: JSONRPCError.invalidParams("args[0] must be a string")) {
            try (["sessionId": "s", "command": "ls", "args": [1]] as JSONValue).decoded(as: CreateTerminalParams.self)
        }
        #expect(throws: JSONRPCError.invalidParams("env[0].value is required")) {
            try (["sessionId": "s", "command": "ls", "env": [["name": "A"]]] as JSONValue).decoded(as: CreateTerminalParams.self)
        }
    }

    @Test func agentToClientMethodNames() throws {
        let lines: [(String, String)] = [
            (ACPMethod.sessionRequestPermission, #"{"jsonrpc":"2.0","id":0,"method":"session/request_permission","params":{"sessionId":"sess_abc123","toolCall":{"toolCallId":"toolu_01","title":"`rm -rf build`","rawInput":{"command":"rm -rf build"}},"options":[{"kind":"allow_always","name":"Always Allow","optionId":"allow_always"},{"kind":"allow_once","name":"Allow","optionId":"allow"},{"kind":"reject_once","name":"Reject","optionId":"reject"}]}}"#),
            (ACPMethod.fsReadTextFile, #"{"jsonrpc":"2.0","id":1,"method":"fs/read_text_file","params":{"sessionId":"sess_abc123","path":"/home/user/project/src/main.py","line":10,"limit":50}}"#),
            (ACPMethod.fsWriteTextFile, #"{"jsonrpc":"2.0","id":2,"method":"fs/write_text_file","params":{"sessionId":"sess_abc123","path":"/home/user/project/config.json","content":"{\n  \"debug\": true\n}"}}"#),
            (ACPMethod.terminalCreate, #"{"jsonrpc":"2.0","id":3,"method":"terminal/create","params":{"sessionId":"sess_abc123","command":"npm","args":["test"],"env":[{"name":"NODE_ENV","value":"test"}],"cwd":"/home/user/project","outputByteLimit":1048576}}"#),
            (ACPMethod.terminalWaitForExit, #"{"jsonrpc":"2.0","id":4,"method":"terminal/wait_for_exit","params":{"sessionId":"sess_abc123","terminalId":"term_xyz789"}}"#),
            (ACPMethod.terminalOutput, #"{"jsonrpc":"2.0","id":5,"method":"terminal/output","params":{"sessionId":"sess_abc123","terminalId":"term_xyz789"}}"#),
            (ACPMethod.terminalRelease, #"{"jsonrpc":"2.0","id":6,"method":"terminal/release","params":{"sessionId":"sess_abc123","terminalId":"term_xyz789"}}"#),
            (ACPMethod.elicitationCreate, #"{"jsonrpc":"2.0","id":7,"method":"elicitation/create","params":{"sessionId":"sess_abc123","mode":"form","message":"How aggressive should the refactor be?","requestedSchema":{"type":"object","properties":{"strategy":{"type":"string","enum":["conservative","aggressive"]}},"required":["strategy"]}}}"#),
            (ACPMethod.cancelRequest, #"{"jsonrpc":"2.0","method":"$/cancel_request","params":{"requestId":12}}"#),
        ]
        for (method, line) in lines {
            #expect(try JSONRPCMessage.parse(line).method == method)
        }
        // §1.6's table: `terminal/kill` takes `sessionId`, `terminalId`.
        #expect(ACPMethod.terminalKill == "terminal/kill")
    }
}
