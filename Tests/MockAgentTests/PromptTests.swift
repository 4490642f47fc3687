import ACP
import Testing

@Suite struct PromptTests {
    @Test func plainTextIsEchoedWordByWord() async throws {
        var client = TestClient()
        let session = try await client.start()
        let text = "hello  world,\nthis is the mock "
        client.prompt(2, session, text)
        let messages = try await client.until(responseTo: 2)
        let chunks = messages.dropLast()
        #expect(chunks.map(\.chunkText) == ["hello ", " ", "world,\nthis ", "is ", "the ", "mock "])
        #expect(chunks.compactMap(\.chunkText).joined() == text)
        #expect(chunks.allSatisfy { $0.update?["sessionUpdate"] == "agent_message_chunk" })
        #expect(Set(chunks.map { $0.update?["messageId"] }) == ["mock-msg-1"])
        #expect(messages.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    /// Usage as the real agents report it: each response's `usage`, and a `usage_update` with the
    /// session's context so far before it (a token is a word here).
    @Test func everyTurnReportsItsUsage() async throws {
        var client = TestClient()
        let session = try await client.start()
        var context = 0
        for (id, text) in [(Int64(2), "one two three"), (3, "four five")] {
            client.prompt(id, session, text)
            let messages = try await client.until(responseTo: id, usage: true)
            let words = text.split(separator: " ").count
            context += 2 * words  // the prompt, and its echo
            let update = messages.dropLast().last?.update
            #expect(update?["sessionUpdate"] == "usage_update" && update?["used"]?.intValue == Int64(context), "\(String(describing: update))")
            #expect(update?["size"]?.intValue ?? 0 > 0)
            let usage = messages.last?.result?["usage"]
            #expect(usage?["inputTokens"]?.intValue == Int64(words) && usage?["outputTokens"]?.intValue == Int64(words))
            #expect(usage?["totalTokens"]?.intValue == Int64(2 * words))
        }
        _ = await client.finish()
    }

    @Test func textBlocksAreJoinedWithNewlines() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.send(#"{"jsonrpc":"2.0","id":2,"method":"session/prompt","params":{"sessionId":"\#(session)","prompt":[{"type":"text","text":"a"},{"type":"resource_link","uri":"file:///x","name":"x"},{"type":"text","text":"b"}]}}"#)
        let messages = try await client.until(responseTo: 2)
        #expect(messages.compactMap(\.chunkText).joined() == "a\nb")
        _ = await client.finish()
    }

    @Test func think() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/think about it")
        let messages = try await client.until(responseTo: 2)
        #expect(messages.map { $0.update?["sessionUpdate"]?.stringValue } ==
                ["agent_thought_chunk", "agent_thought_chunk", "agent_message_chunk", "agent_message_chunk", nil])
        #expect(messages.compactMap(\.chunkText) == ["Thinking about ", "about it", "about ", "it"])
        #expect(messages.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func unknownCommandIsEchoed() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/dance now")
        let messages = try await client.until(responseTo: 2)
        #expect(messages.compactMap(\.chunkText) == ["/dance ", "now"])
        _ = await client.finish()
    }

    @Test func toolCallLifecycle() async throws {
        var client = TestClient()
        let session = try await client.start(cwd: "/work")
        client.prompt(2, session, "/tool")
        let messages = try await client.until(responseTo: 2)
        #expect(messages.map(\.update) == [
            json(#"{"sessionUpdate":"tool_call","toolCallId":"mock-call-1","title":"Read README.md","kind":"read","status":"pending","locations":[{"path":"/work/README.md","line":1}],"rawInput":{"file_path":"/work/README.md"}}"#),
            json(#"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-1","status":"in_progress"}"#),
            json(##"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-1","status":"completed","content":[{"type":"content","content":{"type":"text","text":"# Mock README\n"}}],"rawOutput":{"output":"# Mock README\n"}}"##),
            json(#"{"sessionUpdate":"agent_message_chunk","messageId":"mock-msg-1","content":{"type":"text","text":"Done."}}"#),
            nil,
        ])
        #expect(messages.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func plan() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/plan")
        let messages = try await client.until(responseTo: 2)
        #expect(messages.count == 4)
        let statuses = messages.dropLast().map { $0.update?["entries"]?.arrayValue?.compactMap { $0["status"]?.stringValue } }
        #expect(statuses == [
            ["in_progress", "pending", "pending"],
            ["completed", "in_progress", "pending"],
            ["completed", "completed", "completed"],
        ])
        #expect(messages.dropLast().allSatisfy { $0.update?["sessionUpdate"] == "plan" })
        _ = await client.finish()
    }

    @Test func errorAnswersThePrompt() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/error")
        #expect(try await client.next() == .response(id: .int(2), result: .failure(
            JSONRPCError(code: -32603, message: "Internal error", data: ["details": "mock failure"]))))
        client.prompt(3, session, "again")
        #expect(try await client.until(responseTo: 3).last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func floodSendsEveryChunk() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/flood 1000")
        let messages = try await client.until(responseTo: 2)
        #expect(messages.count == 1001)
        #expect(messages.dropLast().enumerated().allSatisfy { $0.element.chunkText == "chunk \($0.offset + 1) " })
        #expect(messages.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func crashEndsServingWithStatus3() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/crash")
        #expect(try await client.next().chunkText == "Crashing.")
        #expect(await client.status() == 3)
        #expect(client.diagnostics.all == ["mock-agent: crashing on purpose"])
        try await client.expectSilence()
    }
}
