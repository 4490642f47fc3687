import ACP
import Testing

@Suite struct HandshakeTests {
    @Test func initializeAndNewSession() async throws {
        var client = TestClient()
        client.send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":7,"clientCapabilities":{}}}"#)
        let initialized = try await client.next()
        #expect(initialized == .response(id: .int(0), result: .success(json(#"""
            {"protocolVersion":1,"agentCapabilities":{"loadSession":true,"promptCapabilities":{"image":false,"audio":false,"embeddedContext":true},"mcpCapabilities":{"http":false,"sse":false},"sessionCapabilities":{}},"agentInfo":{"name":"sandbox-agent-mock","title":"Sandbox Agent Mock","version":"1.0.0"},"authMethods":[]}
            """#))))

        client.send(#"{"jsonrpc":"2.0","id":"new","method":"session/new","params":{"cwd":"/tmp","mcpServers":[]}}"#)
        let created = try await client.next()
        #expect(created == .response(id: .string("new"), result: .success(json(#"""
            {"sessionId":"mock-1","modes":{"currentModeId":"default","availableModes":[{"id":"default","name":"Default","description":"Ask before tools run"},{"id":"bypass","name":"Bypass","description":"Never ask for permission"}]},"configOptions":[{"id":"mode","name":"Mode","category":"mode","type":"select","currentValue":"default","options":[{"value":"default","name":"Default"},{"value":"bypass","name":"Bypass"}]},{"id":"model","name":"Model","category":"model","type":"select","currentValue":"mock-small","options":[{"value":"mock-small","name":"Mock Small"},{"value":"mock-large","name":"Mock Large"}]}]}
            """#))))

        let commands = try await client.next()
        guard case .notification("session/update", let params) = commands else {
            Issue.record("expected a session/update, got \(commands)")
            return
        }
        #expect(params?["sessionId"] == "mock-1")
        #expect(commands.update?["sessionUpdate"] == "available_commands_update")
        let names = commands.update?["availableCommands"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["think", "tool", "plan", "permission", "ask", "computer", "write", "read", "terminal", "slow", "flood", "pace", "error", "crash", "request"])
        for command in commands.update?["availableCommands"]?.arrayValue ?? [] {
            #expect(command["description"]?.stringValue?.isEmpty == false)
        }
        #expect(commands.update?["availableCommands"]?.arrayValue?[7]["input"] == ["hint": "path"])

        client.send(#"{"jsonrpc":"2.0","id":2,"method":"session/new","params":{"cwd":"/tmp","mcpServers":[]}}"#)
        #expect(try await client.next().result?["sessionId"] == "mock-2")
        #expect(await client.finish() == 0)
    }

    @Test func sessionNewParamsThatDoNotFitAreInvalidParams() async throws {
        var client = TestClient()
        client.send(#"{"jsonrpc":"2.0","id":1,"method":"session/new","params":{"cwd":"project","mcpServers":[]}}"#)
        #expect(try await client.next().error == .invalidParams("cwd must be an absolute path"))
        client.send(#"{"jsonrpc":"2.0","id":2,"method":"session/new","params":{"cwd":"/p"}}"#)
        #expect(try await client.next().error == .invalidParams("mcpServers is required"))
        client.send(#"{"jsonrpc":"2.0","id":3,"method":"session/new","params":{"cwd":"/p","mcpServers":{}}}"#)
        #expect(try await client.next().error == .invalidParams("mcpServers must be an array"))
        _ = await client.finish()
    }

    @Test func modesAndConfigOptions() async throws {
        var client = TestClient()
        let session = try await client.start()
        client.send(#"{"jsonrpc":"2.0","id":2,"method":"session/set_mode","params":{"sessionId":"\#(session)","modeId":"bypass"}}"#)
        #expect(try await client.next() == .response(id: .int(2), result: .success([:])))
        client.send(#"{"jsonrpc":"2.0","id":3,"method":"session/set_mode","params":{"sessionId":"\#(session)","modeId":"plan"}}"#)
        #expect(try await client.next().error?.code == -32602)
        client.send(#"{"jsonrpc":"2.0","id":4,"method":"session/set_config_option","params":{"sessionId":"\#(session)","configId":"model","value":"mock-large"}}"#)
        let options = try #require(try await client.next().result?["configOptions"]?.arrayValue)
        #expect(options.map { $0["currentValue"] } == ["bypass", "mock-large"])
        client.send(#"{"jsonrpc":"2.0","id":5,"method":"session/set_config_option","params":{"sessionId":"\#(session)","configId":"model","value":"gpt"}}"#)
        #expect(try await client.next().error?.code == -32602)
        client.send(#"{"jsonrpc":"2.0","id":6,"method":"session/set_config_option","params":{"sessionId":"nope","configId":"mode","value":"default"}}"#)
        #expect(try await client.next().error == JSONRPCError(code: -32002, message: "Resource not found", data: ["sessionId": "nope"]))
        _ = await client.finish()
    }

    @Test func protocolErrors() async throws {
        var client = TestClient()
        client.send("this is not json")
        let parseError = try await client.next()
        guard case .response(.null, .failure(let error)) = parseError else {
            Issue.record("expected an error with id null, got \(parseError)")
            return
        }
        #expect(error.code == -32700)
        #expect(client.output.all[0].contains(#""id":null"#))

        client.send(#"{"jsonrpc":"2.0","id":1,"method":"session/fly","params":{}}"#)
        #expect(try await client.next().error == JSONRPCError(code: -32601, message: "Method not found", data: ["method": "session/fly"]))

        client.send(#"{"jsonrpc":"2.0","method":"_unknown/notification","params":{}}"#)
        client.send(#"{"jsonrpc":"2.0","id":99,"result":{}}"#)
        try await client.expectSilence()

        client.prompt(2, "mock-404", "hello")
        #expect(try await client.next().error == JSONRPCError(code: -32002, message: "Resource not found", data: ["sessionId": "mock-404"]))
        client.send(#"{"jsonrpc":"2.0","id":3,"method":"session/load","params":{"sessionId":"mock-404","cwd":"/","mcpServers":[]}}"#)
        #expect(try await client.next().error?.code == -32002)
        _ = await client.finish()
    }
}
