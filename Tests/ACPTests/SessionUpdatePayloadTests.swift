import ACP
import Foundation
import Testing

/// The typed `session/update` payloads against ACP's wire shapes: each kind built as a value
/// encodes to the update object of the specification's example (``SessionUpdateKindTests/specExamples``,
/// JSON text), decodes from it, leaves nil members out and keeps explicit nulls.
@Suite("SessionUpdatePayload")
struct SessionUpdatePayloadTests {
    /// One value per spec example, in the same order.
    static let built: [any SessionUpdatePayload & Equatable] = [
        UserMessageChunk(text: "Fix the bug"),
        AgentMessageChunk(text: "Let me look", messageId: "m1"),
        AgentThoughtChunk(content: ["type": "text", "text": "The stack trace points at parse()"]),
        ToolCall(
            toolCallId: "call_1", title: "Read src/parse.rs", kind: "read", status: "pending",
            locations: [["path": "/home/user/project/src/parse.rs", "line": 1]], rawInput: ["file_path": "/home/user/project/src/parse.rs"]),
        ToolCallUpdate(toolCallId: "call_1", status: "completed", content: [["type": "content", "content": ["type": "text", "text": "fn parse() {}"]]]),
        ToolCallUpdate(
            toolCallId: "call_2", status: "completed",
            content: [["type": "diff", "path": "/home/user/project/src/parse.rs", "oldText": "fn parse() {}", "newText": "fn parse() -> Ok {}"]]),
        Plan(entries: [
            Plan.Entry(content: "Reproduce", priority: "high", status: "completed"),
            Plan.Entry(content: "Fix parse()", priority: "high", status: "in_progress"),
        ]),
        AvailableCommandsUpdate(availableCommands: [
            ["name": "web", "description": "Search the web", "input": ["hint": "query"]], ["name": "test", "description": "Run tests"],
        ]),
        CurrentModeUpdate(currentModeId: "plan"),
        ConfigOptionUpdate(configOptions: [
            [
                "id": "mode", "name": "Mode", "category": "mode", "type": "select", "currentValue": "code",
                "options": [["value": "ask", "name": "Ask"], ["value": "code", "name": "Code"]],
            ]
        ]),
        SessionInfoUpdate(title: "Fix parser bug", updatedAt: "2026-02-10T14:22:15Z"),
        UsageUpdate(used: 53000, size: 200000, cost: UsageUpdate.Cost(amount: 0.045, currency: "USD")),
    ]

    /// The `params.update` object of a `session/update` line.
    private static func update(of line: String) throws -> JSONValue {
        try #require(try JSONRPCMessage.parse(line).params?["update"])
    }

    @Test func everyKindHasAPayload() {
        #expect(Self.built.count == SessionUpdateKindTests.specExamples.count)
        #expect(Set(Self.built.map { type(of: $0).kind }) == Set(SessionUpdateKind.allCases))
    }

    @Test func eachPayloadEncodesAsTheSpecWritesIt() throws {
        for (payload, (kind, line)) in zip(Self.built, SessionUpdateKindTests.specExamples) {
            #expect(type(of: payload).kind == kind)
            #expect(payload.json == (try Self.update(of: line)), "\(kind)")
            #expect(SessionUpdateParams.notification(sessionId: "s1", update: payload) == (try JSONRPCMessage.parse(line)), "\(kind)")
        }
    }

    @Test func eachPayloadDecodesFromTheSpecsObject() throws {
        for (payload, (kind, line)) in zip(Self.built, SessionUpdateKindTests.specExamples) {
            #expect(Self.decodes(payload, from: try Self.update(of: line)), "\(kind)")
        }
    }

    private static func decodes<Payload: SessionUpdatePayload & Equatable>(_ payload: Payload, from update: JSONValue) -> Bool {
        Payload(update) == payload
    }

    @Test func anUpdateOfAnotherKindOrShapeIsNotAPayload() throws {
        #expect(CurrentModeUpdate(try Self.update(of: SessionUpdateKindTests.specExamples[0].1)) == nil)
        #expect(CurrentModeUpdate(["sessionUpdate": "current_mode_update"]) == nil)
        #expect(CurrentModeUpdate(nil) == nil)
        #expect(CurrentModeUpdate(["sessionUpdate": "current_mode_update", "currentModeId": "plan"]) == CurrentModeUpdate(currentModeId: "plan"))
    }

    @Test func nilMembersAreLeftOutAndNullsKept() {
        #expect(ToolCallUpdate(toolCallId: "c1", status: "in_progress").json == Self.json(#"{"sessionUpdate":"tool_call_update","toolCallId":"c1","status":"in_progress"}"#))
        // An MCP tool that reported nothing: `rawOutput` is there, as JSON null.
        #expect(
            ToolCallUpdate(toolCallId: "c1", status: "completed", content: [], rawOutput: .null).json
                == Self.json(#"{"sessionUpdate":"tool_call_update","toolCallId":"c1","status":"completed","content":[],"rawOutput":null}"#))
        #expect(UsageUpdate(used: 10, size: 200).json == Self.json(#"{"sessionUpdate":"usage_update","used":10,"size":200}"#))
        #expect(SessionInfoUpdate(title: "t").json == Self.json(#"{"sessionUpdate":"session_info_update","title":"t"}"#))
    }

    @Test func agentExtrasAreWrittenAsMeta() {
        let call = ToolCall(toolCallId: "t1", title: "Bash", kind: "execute", status: "pending", meta: ["claudeCode": ["toolName": "Bash"]])
        #expect(
            call.json
                == Self.json(
                    #"{"sessionUpdate":"tool_call","toolCallId":"t1","title":"Bash","kind":"execute","status":"pending","_meta":{"claudeCode":{"toolName":"Bash"}}}"#
                ))
        #expect(ToolCall(call.json) == call)
    }

    /// A cost keeps its fraction and a whole one its kind (a number, as `JSONValue.double`).
    @Test func costsAreNumbers() {
        #expect(UsageUpdate(used: 1, size: 2, cost: .init(amount: 2, currency: "USD")).json["cost"] == ["amount": .double(2), "currency": "USD"])
    }

    /// `text` parsed.
    private static func json(_ text: String) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) ?? .null
    }
}

extension SessionUpdatePayloadTests {
    /// Chunks build their object by hand (the hot path): it is the object their Codable members encode to.
    @Test(arguments: [nil, "m7"])
    func aChunksObjectIsItsCodableMembers(messageId: String?) {
        let chunk = AgentThoughtChunk(content: ["type": "image", "data": "AAAA", "mimeType": "image/png"], messageId: messageId)
        var members = JSONValue(encoding: chunk).objectValue ?? [:]
        members["sessionUpdate"] = "agent_thought_chunk"
        #expect(chunk.json == .object(members))
        #expect(AgentThoughtChunk(chunk.json) == chunk)
    }
}
