import ACP
import Testing

/// `SessionUpdateKind` against the one-example-per-kind list of the ACP v1 specification
/// (schema 1.21, as quoted in the project's protocol reference §1.7), and its line classifier
/// against text that only mentions a kind.
@Suite("SessionUpdateKind")
struct SessionUpdateKindTests {
    /// §1.7's examples, one per stable kind (two for `tool_call_update`), verbatim.
    static let specExamples: [(SessionUpdateKind, String)] = [
        (.userMessageChunk, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"user_message_chunk","content":{"type":"text","text":"Fix the bug"}}}}"#),
        (.agentMessageChunk, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"agent_message_chunk","messageId":"m1","content":{"type":"text","text":"Let me look"}}}}"#),
        (.agentThoughtChunk, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"agent_thought_chunk","content":{"type":"text","text":"The stack trace points at parse()"}}}}"#),
        (.toolCall, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"tool_call","toolCallId":"call_1","title":"Read src/parse.rs","kind":"read","status":"pending","locations":[{"path":"/home/user/project/src/parse.rs","line":1}],"rawInput":{"file_path":"/home/user/project/src/parse.rs"}}}}"#),
        (.toolCallUpdate, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"tool_call_update","toolCallId":"call_1","status":"completed","content":[{"type":"content","content":{"type":"text","text":"fn parse() {}"}}]}}}"#),
        (.toolCallUpdate, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"tool_call_update","toolCallId":"call_2","status":"completed","content":[{"type":"diff","path":"/home/user/project/src/parse.rs","oldText":"fn parse() {}","newText":"fn parse() -> Ok {}"}]}}}"#),
        (.plan, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"plan","entries":[{"content":"Reproduce","priority":"high","status":"completed"},{"content":"Fix parse()","priority":"high","status":"in_progress"}]}}}"#),
        (.availableCommandsUpdate, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"available_commands_update","availableCommands":[{"name":"web","description":"Search the web","input":{"hint":"query"}},{"name":"test","description":"Run tests"}]}}}"#),
        (.currentModeUpdate, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"current_mode_update","currentModeId":"plan"}}}"#),
        (.configOptionUpdate, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"config_option_update","configOptions":[{"id":"mode","name":"Mode","category":"mode","type":"select","currentValue":"code","options":[{"value":"ask","name":"Ask"},{"value":"code","name":"Code"}]}]}}}"#),
        (.sessionInfoUpdate, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"session_info_update","title":"Fix parser bug","updatedAt":"2026-02-10T14:22:15Z"}}}"#),
        (.usageUpdate, #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"usage_update","used":53000,"size":200000,"cost":{"amount":0.045,"currency":"USD"}}}}"#),
    ]

    @Test func theCasesAreTheSpecsStableKinds() {
        // §1.7's table of stable kinds, in its order.
        let specKinds = [
            "user_message_chunk", "agent_message_chunk", "agent_thought_chunk", "tool_call", "tool_call_update", "plan",
            "available_commands_update", "current_mode_update", "config_option_update", "session_info_update", "usage_update",
        ]
        #expect(Set(SessionUpdateKind.allCases.map(\.rawValue)) == Set(specKinds))
        #expect(SessionUpdateKind.allCases.count == specKinds.count)
    }

    @Test(arguments: specExamples)
    func readsEachSpecExample(kind: SessionUpdateKind, line: String) throws {
        let message = try JSONRPCMessage.parse(line)
        #expect(message.method == ACPMethod.sessionUpdate)
        let update = try #require(message.params?["update"])
        #expect(SessionUpdateKind(of: update) == kind)
        #expect(SessionUpdateKind(scanning: line) == kind)
    }

    @Test func codableUsesTheWireNames() {
        #expect(JSONValue(encoding: [SessionUpdateKind.toolCallUpdate, .plan]) == ["tool_call_update", "plan"])
    }

    @Test func unknownOrMissingKindsAreNil() {
        // §1.7: unstable kinds (`notice`, `plan_update`) are ignored by v1 readers.
        #expect(SessionUpdateKind(of: ["sessionUpdate": "notice", "severity": "info", "title": "t"]) == nil)
        #expect(SessionUpdateKind(of: ["content": ["type": "text", "text": "x"]]) == nil)
        #expect(SessionUpdateKind(of: nil) == nil)
        #expect(SessionUpdateKind(scanning: #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"plan_update","planId":"p"}}}"#) == nil)
        #expect(SessionUpdateKind(scanning: #"{"jsonrpc":"2.0","method":"session/cancel","params":{"sessionId":"s1"}}"#) == nil)
        #expect(SessionUpdateKind(scanning: #"{"jsonrpc":"2.0","id":3,"result":{"stopReason":"end_turn"}}"#) == nil)
    }

    // MARK: The line classifier

    @Test func textThatMentionsAKindIsNotThatKind() {
        let lines = [
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"send current_mode_update"}}}}"#,
            // The kind's member spelled out inside the text, before the real one (keys sorted, as the mock agent writes them).
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"content":{"text":"{\"sessionUpdate\":\"current_mode_update\",\"currentModeId\":\"x\"}","type":"text"},"sessionUpdate":"agent_message_chunk"}}}"#,
            // A nested object with its own `sessionUpdate` member inside the content.
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"content":{"type":"text","text":"x","_meta":{"sessionUpdate":"current_mode_update"}},"sessionUpdate":"agent_message_chunk"}}}"#,
        ]
        for line in lines {
            #expect(SessionUpdateKind(scanning: line) == .agentMessageChunk, "\(line)")
        }
    }

    @Test func aModeUpdateIsFoundWhateverTheLayout() {
        let lines = [
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"sessionUpdate":"current_mode_update","currentModeId":"plan"}}}"#,
            #"{"params":{"update":{"currentModeId":"plan","sessionUpdate":"current_mode_update"},"sessionId":"s1"},"method":"session/update","jsonrpc":"2.0"}"#,
            "{ \"jsonrpc\" : \"2.0\" , \"method\" : \"session/update\" ,\t\"params\" : { \"sessionId\" : \"s1\" , \"update\" : { \"sessionUpdate\" : \"current_mode_update\" , \"currentModeId\" : \"plan\" } } }",
            // Escapes in the key and in the value are read as JSON reads them.
            #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s1","update":{"session\u0055pdate":"current\u005fmode_update","currentModeId":"plan"}}}"#,
        ]
        for line in lines {
            #expect(SessionUpdateKind(scanning: line) == .currentModeUpdate, "\(line)")
        }
    }
}
