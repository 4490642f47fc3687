import ACP
import Testing

@Suite struct ClientMethodTests {
    @Test func readThroughTheClient() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/read /home/user/project/a.txt")
        #expect(try await client.next().update == json(#"{"sessionUpdate":"tool_call","toolCallId":"mock-call-1","title":"Read /home/user/project/a.txt","kind":"read","status":"pending","locations":[{"path":"/home/user/project/a.txt"}],"rawInput":{"file_path":"/home/user/project/a.txt"}}"#))
        #expect(try await client.next().update == json(#"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-1","status":"in_progress"}"#))
        let request = try await client.next()
        #expect(request == .request(id: .int(0), method: "fs/read_text_file",
                                    params: ["sessionId": .string(session), "path": "/home/user/project/a.txt"]))
        client.answer(.int(0), result: #"{"content":"line 1\nline 2\n"}"#)
        let rest = try await client.until(responseTo: 2)
        #expect(rest.map(\.update) == [
            json(#"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-1","status":"completed","content":[{"type":"content","content":{"type":"text","text":"line 1\nline 2\n"}}]}"#),
            json(#"{"sessionUpdate":"agent_message_chunk","messageId":"mock-msg-1","content":{"type":"text","text":"line 1\nline 2\n"}}"#),
            nil,
        ])
        #expect(rest.last?.stopReason == "end_turn")

        client.prompt(3, session, "/read missing.txt")
        #expect(try await client.next().update?["locations"] == [["path": "/home/user/project/missing.txt"]])
        #expect(try await client.next().update?["status"] == "in_progress")
        let second = try await client.next()
        client.send(#"{"jsonrpc":"2.0","id":\#(second.requestID!.description),"error":{"code":-32002,"message":"Resource not found"}}"#)
        let failed = try await client.until(responseTo: 3)
        #expect(failed.map(\.update) == [
            json(#"{"sessionUpdate":"tool_call_update","toolCallId":"mock-call-2","status":"failed","content":[{"type":"content","content":{"type":"text","text":"Resource not found"}}]}"#),
            nil,
        ])
        #expect(failed.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func writeThroughTheClient() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/write /p/notes.txt hi there")
        let diff = json(#"{"type":"diff","path":"/p/notes.txt","oldText":null,"newText":"hi there"}"#)
        #expect(try await client.next().update == [
            "sessionUpdate": "tool_call", "toolCallId": "mock-call-1", "title": "Write /p/notes.txt", "kind": "edit",
            "status": "pending", "locations": [["path": "/p/notes.txt"]], "content": [diff],
            "rawInput": ["file_path": "/p/notes.txt", "content": "hi there"],
        ])
        #expect(try await client.next().update == ["sessionUpdate": "tool_call_update", "toolCallId": "mock-call-1", "status": "in_progress"])
        #expect(try await client.next() == .request(id: .int(0), method: "fs/write_text_file",
                                                    params: ["sessionId": .string(session), "path": "/p/notes.txt", "content": "hi there"]))
        client.answer(.int(0), result: "null")
        let rest = try await client.until(responseTo: 2)
        #expect(rest.map(\.update) == [
            ["sessionUpdate": "tool_call_update", "toolCallId": "mock-call-1", "status": "completed", "content": [diff]], nil,
        ])
        #expect(rest.last?.stopReason == "end_turn")

        client.prompt(3, session, "/write /p/ro.txt x")
        _ = try await client.next()
        _ = try await client.next()
        #expect(try await client.next().method == "fs/write_text_file")
        client.send(#"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"read-only file system"}}"#)
        let failed = try await client.until(responseTo: 3)
        #expect(failed.first?.update?["status"] == "failed")
        #expect(failed.first?.update?["content"]?.arrayValue?.first?["content"]?["text"] == "read-only file system")
        #expect(failed.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func missingCapabilitiesFailWithoutRequests() async throws {
        var client = TestClient()
        let session = try await client.start(capabilities: "{}")
        for (id, command, method) in [(2, "/read /a", "fs/read_text_file"), (3, "/write /a b", "fs/write_text_file"),
                                      (4, "/terminal ls", "terminal/create")] as [(Int64, String, String)] {
            client.prompt(id, session, command)
            let messages = try await client.until(responseTo: id)
            #expect(messages.count == 3)
            #expect(messages.allSatisfy { $0.requestID == nil })
            #expect(messages[1].update?["status"] == "failed")
            #expect(messages[1].update?["content"] == [["type": "content", "content": ["type": "text", "text": .string("client does not support \(method)")]]])
            #expect(messages.last?.stopReason == "end_turn")
        }
        _ = await client.finish()
    }

    @Test func terminalRequestSequence() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/terminal ls -la | wc -l")
        #expect(try await client.next().update == json(#"{"sessionUpdate":"tool_call","toolCallId":"mock-call-1","title":"`ls -la | wc -l`","kind":"execute","status":"pending","rawInput":{"command":"ls -la | wc -l"}}"#))
        #expect(try await client.next() == .request(id: .int(0), method: "terminal/create", params: [
            "sessionId": .string(session), "command": "ls -la | wc -l", "outputByteLimit": 32000,
        ]))
        client.answer(.int(0), result: #"{"terminalId":"term-1"}"#)
        let terminal: JSONValue = ["type": "terminal", "terminalId": "term-1"]
        #expect(try await client.next().update == ["sessionUpdate": "tool_call_update", "toolCallId": "mock-call-1", "status": "in_progress", "content": [terminal]])
        let terminalParams: JSONValue = ["sessionId": .string(session), "terminalId": "term-1"]
        #expect(try await client.next() == .request(id: .int(1), method: "terminal/wait_for_exit", params: terminalParams))
        client.answer(.int(1), result: #"{"exitCode":0,"signal":null}"#)
        #expect(try await client.next() == .request(id: .int(2), method: "terminal/output", params: terminalParams))
        client.answer(.int(2), result: #"{"output":"7\n","truncated":false,"exitStatus":{"exitCode":0,"signal":null}}"#)
        #expect(try await client.next() == .request(id: .int(3), method: "terminal/release", params: terminalParams))
        client.answer(.int(3), result: "{}")
        let rest = try await client.until(responseTo: 2)
        #expect(rest.map(\.update) == [
            ["sessionUpdate": "tool_call_update", "toolCallId": "mock-call-1", "status": "completed",
             "content": [terminal, ["type": "content", "content": ["type": "text", "text": "7\n"]]], "rawOutput": ["output": "7\n", "exitCode": 0]],
            nil,
        ])
        #expect(rest.last?.stopReason == "end_turn")
        _ = await client.finish()
    }

    @Test func terminalNonZeroExitFails() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.prompt(2, session, "/terminal false")
        _ = try await client.next()
        _ = try await client.next()
        client.answer(.int(0), result: #"{"terminalId":"t"}"#)
        _ = try await client.next()
        _ = try await client.next()
        client.answer(.int(1), result: #"{"exitCode":1}"#)
        _ = try await client.next()
        client.answer(.int(2), result: #"{"output":"","truncated":false}"#)
        #expect(try await client.next().method == "terminal/release")
        client.answer(.int(3), result: "{}")
        let rest = try await client.until(responseTo: 2)
        #expect(rest.first?.update?["status"] == "failed")
        #expect(rest.first?.update?["rawOutput"]?["exitCode"] == 1)
        #expect(rest.last?.stopReason == "end_turn")
        _ = await client.finish()
    }
}
