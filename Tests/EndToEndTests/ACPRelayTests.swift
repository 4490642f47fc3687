import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

@Suite("ACP relay /v1/acp (upstream-compatible)", .serialized)
struct ACPRelayTests {
    private func post(_ server: TestServer, _ path: String, _ envelope: String, headers: [(String, String)] = [("Content-Type", "application/json")]) async throws -> HTTPResult {
        try await HTTP.send(.POST, server.address(path), headers: headers, body: Data(envelope.utf8))
    }

    @Test func clientDrivenTurnWithAPermissionRoundTrip() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let initialize = try await post(
                server, "/v1/acp/relay-1?agent=mock",
                #"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":1,"clientCapabilities":{}}}"#)
            #expect(initialize.status == 200)
            #expect(try initialize.json()["id"] as? String == "init", "the client's id comes back verbatim")
            let created = try await post(
                server, "/v1/acp/relay-1",
                #"{"jsonrpc":"2.0","id":2,"method":"session/new","params":{"cwd":"/tmp","mcpServers":[]}}"#).json()
            let sessionId = try #require((created["result"] as? [String: Any])?["sessionId"] as? String)

            let listed = try await HTTP.send(.GET, server.address("/v1/acp")).json()
            #expect((listed["servers"] as? [[String: Any]])?.first?["agent"] as? String == "mock")

            let stream = try await SSEClient.open(server.address("/v1/acp/relay-1"))
            #expect(stream.status == 200)
            let promptURL = server.address("/v1/acp/relay-1")
            let prompt = Task {
                try await HTTP.send(
                    .POST, promptURL, headers: [("Content-Type", "application/json")],
                    body: Data(#"{"jsonrpc":"2.0","id":3,"method":"session/prompt","params":{"sessionId":"\#(sessionId)","prompt":[{"type":"text","text":"/permission echo hi"}]}}"#.utf8))
            }
            var permissionRequestID: Any?
            for try await event in stream.events {
                #expect(event.event == "message")
                let envelope = try #require(try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any])
                if envelope["method"] as? String == "session/request_permission" {
                    permissionRequestID = envelope["id"]
                    break
                }
            }
            stream.cancel()
            let replyID = try #require(permissionRequestID as? Int)
            let reply = try await post(
                server, "/v1/acp/relay-1",
                #"{"jsonrpc":"2.0","id":\#(replyID),"result":{"outcome":{"outcome":"selected","optionId":"allow-once"}}}"#)
            #expect(reply.status == 202)
            let result = try await prompt.value
            #expect(result.status == 200)
            #expect((try result.json()["result"] as? [String: Any])?["stopReason"] as? String == "end_turn")

            // The same traffic is a session transcript.
            let events = try await SessionAPI(server: server).events("relay-1")
            #expect(events.text(of: "agent_message_chunk").contains("Approved."))
            #expect(events.first?["sender"] as? String == "client")
        }
    }

    @Test func errorsMatchUpstream() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let envelope = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1}}"#
            #expect(try await post(server, "/v1/acp/r2", envelope).status == 400, "the first POST must name the agent")
            #expect(try await post(server, "/v1/acp/r2?agent=nope", envelope).status == 400)
            #expect(try await post(server, "/v1/acp/r2?agent=mock", envelope, headers: [("Content-Type", "text/plain")]).status == 415)
            #expect(try await post(server, "/v1/acp/r2?agent=mock", envelope, headers: [("Content-Type", "application/json"), ("Accept", "text/html")]).status == 406)
            #expect(try await post(server, "/v1/acp/r2?agent=mock", envelope).status == 200)
            #expect(try await post(server, "/v1/acp/r2?agent=claude", envelope).status == 409)
            #expect(try await post(server, "/v1/acp/r2", "{not json").status == 400)
            let unknownMethod = try await post(server, "/v1/acp/r2", #"{"jsonrpc":"2.0","id":9,"method":"no/such"}"#)
            #expect(unknownMethod.status == 200)
            #expect((try unknownMethod.json()["error"] as? [String: Any])?["code"] as? Int == -32601)
            #expect(try await HTTP.send(.GET, server.address("/v1/acp/none")).status == 404)
            #expect(try await HTTP.send(.DELETE, server.address("/v1/acp/r2")).status == 204)
            #expect(try await HTTP.send(.DELETE, server.address("/v1/acp/r2")).status == 204, "idempotent")
            _ = await eventually {
                let listed = try? await HTTP.send(.GET, server.address("/v1/acp")).json()
                return (listed?["servers"] as? [Any])?.isEmpty == true
            }
        }
    }
}
