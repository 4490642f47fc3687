import ACP
import Foundation
import Testing

@Suite struct LifecycleTests {
    @Test func cancelSlowTurn() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/slow 1000")
        #expect(try await client.next().chunkText == "tick 1 ")
        #expect(try await client.next().chunkText == "tick 2 ")
        client.cancel(session)
        let rest = try await client.until(responseTo: 2)
        // Counted in the mock's own ticks, not in wall time, so a loaded machine cannot fail it: the turn
        // had 998 ticks to go; cancelled, it stops after the few sent while the cancel was in flight.
        #expect(rest.count < 100, "\(rest.count - 1) ticks came after the cancel")
        #expect(rest.last?.stopReason == "cancelled")
        #expect(rest.dropLast().allSatisfy { $0.update?["sessionUpdate"] == "agent_message_chunk" })
        try await client.expectSilence(for: .milliseconds(200))
        _ = await client.finish()
    }

    @Test func cancelRequestCancelsThePrompt() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(7, session, "/slow 100")
        _ = try await client.next()
        client.send(#"{"jsonrpc":"2.0","method":"$/cancel_request","params":{"requestId":7}}"#)
        #expect(try await client.until(responseTo: 7).last?.stopReason == "cancelled")
        _ = await client.finish()
    }

    @Test func slowRunsToTheEnd() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/slow 3")
        let messages = try await client.until(responseTo: 2)
        #expect(messages.compactMap(\.chunkText) == ["tick 1 ", "tick 2 ", "tick 3 "])
        #expect(messages.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func busySessionRejectsASecondPrompt() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/slow 100")
        _ = try await client.next()
        client.prompt(3, session, "hello")
        var messages: [JSONRPCMessage] = []
        while messages.last?.error == nil { messages.append(try await client.next()) }
        #expect(messages.last == .response(id: .int(3), result: .failure(
            JSONRPCError(code: -32603, message: "prompt already in progress", data: ["sessionId": .string(session)]))))
        client.cancel(session)
        _ = try await client.until(responseTo: 2)
        client.prompt(4, session, "hello")
        #expect(try await client.until(responseTo: 4).last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func endOfInputStopsARunningTurn() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/slow 1000")
        _ = try await client.next()
        #expect(await client.finish() == 0)
        // Counted in the agent's own ticks: it exited long before the turn's 1,000th.
        let ticks = client.output.all.filter { $0.contains("tick ") }.count
        #expect(ticks < 500, "the 50 s turn must not hold the exit up (\(ticks) ticks were streamed)")
    }

    @Test func loadReplaysAcrossRestarts() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mock-agent-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }

        var first = TestClient(stateDirectory: directory)
        let session = try await first.start()
        #expect(session.hasPrefix("mock-") && session.count > 30)
        first.prompt(2, session, "hello world")
        _ = try await first.until(responseTo: 2)
        first.prompt(3, session, "/tool")
        _ = try await first.until(responseTo: 3)
        #expect(await first.finish() == 0)

        var second = TestClient(stateDirectory: directory)
        second.send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1}}"#)
        _ = try await second.next()
        second.send(#"{"jsonrpc":"2.0","id":1,"method":"session/load","params":{"sessionId":"\#(session)","cwd":"/home/user/project","mcpServers":[]}}"#)
        let replay = try await second.reader.until(responseTo: .int(1))
        #expect(replay.map { $0.update?["sessionUpdate"]?.stringValue } ==
                ["user_message_chunk", "agent_message_chunk", "agent_message_chunk", "user_message_chunk", "agent_message_chunk", nil])
        #expect(replay.compactMap(\.chunkText) == ["hello world", "hello ", "world", "/tool", "Done."])
        #expect(replay.last?.result?["modes"]?["currentModeId"] == "default")
        #expect(replay.last?.result?["configOptions"]?.arrayValue?.count == 2)
        #expect(try await second.next().update?["sessionUpdate"] == "available_commands_update")
        second.prompt(2, session, "again")
        #expect(try await second.until(responseTo: 2).last?.stopReason == "end_turn")
        _ = await second.finish()
    }

    @Test func loadKnownSessionInMemory() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "hi")
        _ = try await client.until(responseTo: 2)
        client.send(#"{"jsonrpc":"2.0","id":3,"method":"session/load","params":{"sessionId":"\#(session)","cwd":"/x","mcpServers":[]}}"#)
        let replay = try await client.until(responseTo: 3)
        #expect(replay.compactMap(\.chunkText) == ["hi", "hi"])
        _ = await client.finish()
    }
}
