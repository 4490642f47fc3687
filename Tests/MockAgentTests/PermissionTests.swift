import ACP
import Testing

@Suite struct PermissionTests {
    /// Starts `/permission rm -rf build` and returns the id of the permission request.
    private func ask(_ client: inout TestClient, _ session: String) async throws -> JSONRPCID {
        client.prompt(2, session, "/permission rm -rf build")
        let call = try await client.next()
        let toolCall = json(#"{"toolCallId":"mock-call-1","title":"`rm -rf build`","kind":"execute","status":"pending","rawInput":{"command":"rm -rf build"}}"#)
        var expectedUpdate = toolCall.objectValue!
        expectedUpdate["sessionUpdate"] = "tool_call"
        #expect(call.update == .object(expectedUpdate))
        let request = try await client.next()
        #expect(request == .request(id: .int(0), method: "session/request_permission", params: [
            "sessionId": .string(session),
            "toolCall": toolCall,
            "options": json(#"[{"optionId":"allow-once","name":"Allow once","kind":"allow_once"},{"optionId":"allow-always","name":"Always allow","kind":"allow_always"},{"optionId":"reject-once","name":"Reject","kind":"reject_once"},{"optionId":"reject-always","name":"Always reject","kind":"reject_always"}]"#),
        ]))
        return try #require(request.requestID)
    }

    private func selected(_ option: String) -> String {
        #"{"outcome":{"outcome":"selected","optionId":"\#(option)"}}"#
    }

    @Test func allowOnce() async throws {
        var client = TestClient()
        let session = try await client.start()
        let id = try await ask(&client, session)
        client.answer(id, result: selected("allow-once"))
        let rest = try await client.until(responseTo: 2)
        #expect(rest.map(\.update) == [
            json(#"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-1","status":"in_progress"}"#),
            json(#"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-1","status":"completed","content":[{"type":"content","content":{"type":"text","text":"approved"}}]}"#),
            json(#"{"sessionUpdate":"agent_message_chunk","messageId":"mock-msg-1","content":{"type":"text","text":"Approved."}}"#),
            nil,
        ])
        #expect(rest.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func rejectOnce() async throws {
        var client = TestClient()
        let session = try await client.start()
        let id = try await ask(&client, session)
        client.answer(id, result: selected("reject-once"))
        let rest = try await client.until(responseTo: 2)
        #expect(rest.map(\.update) == [
            json(#"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-1","status":"failed","content":[{"type":"content","content":{"type":"text","text":"Permission denied by user"}}]}"#),
            json(#"{"sessionUpdate":"agent_message_chunk","messageId":"mock-msg-1","content":{"type":"text","text":"Rejected."}}"#),
            nil,
        ])
        #expect(rest.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func cancelWhileAsking() async throws {
        var client = TestClient()
        let session = try await client.start()
        let id = try await ask(&client, session)
        client.cancel(session)
        client.answer(id, result: #"{"outcome":{"outcome":"cancelled"}}"#)
        let rest = try await client.until(responseTo: 2)
        #expect(rest.map(\.update) == [
            json(#"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-1","status":"failed","content":[{"type":"content","content":{"type":"text","text":"cancelled"}}]}"#),
            nil,
        ])
        #expect(rest.last?.stopReason == "cancelled")
        _ = await client.finish()
    }

    @Test func answerCancelledWithoutSessionCancel() async throws {
        var client = TestClient()
        let session = try await client.start()
        let id = try await ask(&client, session)
        client.answer(id, result: #"{"outcome":{"outcome":"cancelled"}}"#)
        #expect(try await client.until(responseTo: 2).last?.stopReason == "cancelled")
        _ = await client.finish()
    }

    @Test func errorAnswerAndUnofferedOptionAreRejections() async throws {
        var client = TestClient()
        let session = try await client.start()
        let first = try await ask(&client, session)
        client.send(#"{"jsonrpc":"2.0","id":\#(first.description),"error":{"code":-32603,"message":"boom"}}"#)
        #expect(try await client.until(responseTo: 2).compactMap(\.chunkText) == ["Rejected."])

        client.prompt(3, session, "/permission")
        _ = try await client.next()
        let second = try #require(try await client.next().requestID)
        #expect(second == .int(1))
        client.answer(second, result: selected("yes-please"))
        #expect(try await client.until(responseTo: 3).compactMap(\.chunkText) == ["Rejected."])
        _ = await client.finish()
    }

    @Test func alwaysAnswersAreRemembered() async throws {
        var client = TestClient()
        let session = try await client.start()
        let id = try await ask(&client, session)
        client.answer(id, result: selected("allow-always"))
        _ = try await client.until(responseTo: 2)
        client.prompt(3, session, "/permission ls")
        let messages = try await client.until(responseTo: 3)
        #expect(messages.allSatisfy { $0.requestID == nil })
        #expect(messages.compactMap(\.chunkText) == ["Approved."])
        _ = await client.finish()
    }

    @Test func bypassModeNeverAsks() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.send(#"{"jsonrpc":"2.0","id":9,"method":"session/set_mode","params":{"sessionId":"\#(session)","modeId":"bypass"}}"#)
        _ = try await client.next()
        client.prompt(2, session, "/permission ls")
        let messages = try await client.until(responseTo: 2)
        #expect(messages.map { $0.update?["status"]?.stringValue } == ["pending", "in_progress", "completed", nil, nil])
        #expect(messages.allSatisfy { $0.requestID == nil })
        _ = await client.finish()
    }
}
