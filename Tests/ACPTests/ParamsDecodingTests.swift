import ACP
import Testing

/// `JSONValue.decoded(as:)`: typed params from a request, and the invalid-params error that names
/// the member at fault when they do not fit.
@Suite("Decoding typed params")
struct ParamsDecodingTests {
    /// The detail of the -32602 error decoding `params` as `type` gives; nil when it decodes.
    private func problem<Value: Decodable>(_ params: JSONValue, as type: Value.Type) -> String? {
        do {
            _ = try params.decoded(as: type)
            return nil
        } catch {
            #expect(error.code == -32602 && error.message == "Invalid params")
            return error.data?.stringValue
        }
    }

    @Test func membersAreNamed() {
        #expect(problem(["mcpServers": []], as: NewSessionParams.self) == "cwd is required")
        #expect(problem(["cwd": 1, "mcpServers": []], as: NewSessionParams.self) == "cwd must be a string")
        #expect(problem(["cwd": .null, "mcpServers": []], as: NewSessionParams.self) == "cwd must be a string, not null")
        #expect(problem(["sessionId": "s", "prompt": "hi"], as: PromptParams.self) == "prompt must be an array")
        #expect(problem(["protocolVersion": "1"], as: InitializeParams.self) == "protocolVersion must be an integer")
        #expect(problem(["protocolVersion": 1, "clientCapabilities": ["fs": ["readTextFile": "yes"]]], as: InitializeParams.self)
                == "clientCapabilities.fs.readTextFile must be a boolean")
        #expect(problem(.array([]), as: CancelParams.self) == "params must be an object")
        #expect(problem(.null, as: CancelParams.self) == "params must be an object, not null")
    }

    /// Members the type does not name (`_meta`, newer fields) are ignored.
    @Test func fittingParamsDecode() throws {
        let params: JSONValue = ["sessionId": "s", "prompt": [["type": "text", "text": "hi"]], "_meta": ["trace": 1]]
        #expect(try params.decoded(as: PromptParams.self) == PromptParams(sessionId: "s", prompt: [["type": "text", "text": "hi"]]))
        #expect(try (["sessionId": "s", "modes": [:]] as JSONValue).decoded(as: NewSessionResult.self) == NewSessionResult(sessionId: "s", modes: [:]))
    }

    /// `elicitation/create` without `mode` is a form when it carries a schema (ACP's SDK helpers
    /// leave defaults out); without either it has no mode, which the session engine refuses.
    @Test func anElicitationsModeIsInferredOnlyFromItsSchema() throws {
        let schema: JSONValue = ["type": "object", "properties": [:]]
        #expect(try (["sessionId": "s", "message": "m", "requestedSchema": schema] as JSONValue).decoded(as: ElicitationCreateParams.self).effectiveMode == "form")
        #expect(try (["sessionId": "s", "message": "m", "mode": "url", "url": "https://x"] as JSONValue).decoded(as: ElicitationCreateParams.self).effectiveMode == "url")
        #expect(try (["sessionId": "s", "message": "m"] as JSONValue).decoded(as: ElicitationCreateParams.self).effectiveMode == nil)
        #expect(problem(["sessionId": "s", "mode": "form"], as: ElicitationCreateParams.self) == "message is required")
    }

    /// The client's answer to `elicitation/create`: a known action decodes, anything else is no answer.
    @Test func anElicitationResultIsReadOrIsNoAnswer() {
        #expect(ElicitationCreateResult(answer: ["action": "accept", "content": ["x": 1], "_meta": [:]]) == ElicitationCreateResult(action: .accept, content: ["x": 1]))
        #expect(ElicitationCreateResult(answer: ["action": "decline"])?.action == .decline)
        #expect(ElicitationCreateResult(answer: ["action": "later"]) == nil)
        #expect(ElicitationCreateResult(answer: ["outcome": "selected"]) == nil)
        #expect(ElicitationCreateResult(answer: nil) == nil)
    }

    /// A prompt result's `usage` is ACP's `Usage` when it fits; counts that do not fit are left
    /// out and the stop reason still counts.
    @Test func aPromptResultsUsageIsReadLeniently() throws {
        let usage: JSONValue = ["inputTokens": 12, "outputTokens": 5, "totalTokens": 17, "cachedReadTokens": 2, "_meta": [:]]
        #expect(try (["stopReason": "end_turn", "usage": usage] as JSONValue).decoded(as: PromptResult.self)
                == PromptResult(stopReason: "end_turn", usage: TurnUsage(inputTokens: 12, outputTokens: 5, totalTokens: 17, cachedReadTokens: 2)))
        #expect(try (["stopReason": "max_tokens", "usage": ["inputTokens": "many"]] as JSONValue).decoded(as: PromptResult.self)
                == PromptResult(stopReason: "max_tokens"))
        #expect(problem(["usage": usage], as: PromptResult.self) == "stopReason is required")
    }
}
