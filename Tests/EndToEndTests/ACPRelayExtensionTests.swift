import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

/// Upstream's `_sandboxagent/*` extension methods and the exit notification on `/v1/acp/{server_id}`.
@Suite("ACP relay: upstream extension methods and session/ended", .serialized)
struct ACPRelayExtensionTests {
    private func post(_ server: TestServer, _ path: String, _ envelope: String) async throws -> HTTPResult {
        try await HTTP.send(.POST, server.address(path), headers: [("Content-Type", "application/json")], body: Data(envelope.utf8))
    }

    private let initialize = #"{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":1,"clientCapabilities":{}}}"#

    @Test func agentListIsAnsweredByTheServer() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            #expect(try await post(server, "/v1/acp/ext-1?agent=mock", initialize).status == 200)
            let answer = try await post(server, "/v1/acp/ext-1", #"{"jsonrpc":"2.0","id":"cli-ext","method":"_sandboxagent/agent/list","params":{}}"#)
            #expect(answer.status == 200)
            let envelope = try answer.json()
            #expect(envelope["id"] as? String == "cli-ext" && envelope["error"] == nil, "\(answer.text)")
            let agents = try #require((envelope["result"] as? [String: Any])?["agents"] as? [[String: Any]])
            let mock = try #require(agents.first { $0["id"] as? String == "mock" })
            #expect(mock["installed"] as? Bool == true && mock["capabilities"] is [String: Bool])
            #expect((mock["serverStatus"] as? [String: Any])?["status"] as? String == "running", "this relay runs a mock")
            #expect(agents.first { $0["id"] as? String == "claude" }?["serverStatus"] == nil)

            // Recorded like any exchange; the agent itself never saw the method.
            let events = try await SessionAPI(server: server).events("ext-1")
            let methods = events.compactMap { ($0["payload"] as? [String: Any])?["method"] as? String }
            #expect(methods.contains("_sandboxagent/agent/list"))
            #expect(events.contains { $0["sender"] as? String == "server" && ($0["payload"] as? [String: Any])?["id"] as? String == "cli-ext" })
        }
    }

    @Test func agentInstallChecksItsParams() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            #expect(try await post(server, "/v1/acp/ext-2?agent=mock", initialize).status == 200)
            let cases: [(String, Int, String)] = [
                (#"{}"#, -32602, "params.agent"),
                (#"{"agent":"mock","reinstall":"yes"}"#, -32602, "params.reinstall"),
                (#"{"agent":"nope"}"#, -32602, "nope"),
            ]
            for (params, code, mention) in cases {
                let answer = try await post(
                    server, "/v1/acp/ext-2", #"{"jsonrpc":"2.0","id":7,"method":"_sandboxagent/agent/install","params":\#(params)}"#)
                #expect(answer.status == 200, "\(params)")
                let error = try #require(try answer.json()["error"] as? [String: Any], "\(params): \(answer.text)")
                #expect(error["code"] as? Int == code, "\(params): \(answer.text)")
                let said = "\(error["message"] ?? "") \(error["data"] ?? "")"
                #expect(said.contains(mention), "\(params): \(answer.text)")
            }
        }
    }

    @Test func agentInstallInstallsThroughTheRelay() async throws {
        let source = try await AgentDistribution.start()
        defer { source.stop() }
        try await withServer(["--no-token", "--storage", "memory"], environment: source.environment) { server in
            #expect(try await post(server, "/v1/acp/ext-3?agent=mock", initialize).status == 200)
            let answer = try await post(
                server, "/v1/acp/ext-3",
                #"{"jsonrpc":"2.0","id":8,"method":"_sandboxagent/agent/install","params":{"agent":"claude","agentVersion":"2.1.400"}}"#)
            let result = try #require(try answer.json()["result"] as? [String: Any], "\(answer.text)")
            #expect(result["already_installed"] as? Bool == false)
            #expect((result["artifacts"] as? [[String: Any]])?.first?["version"] as? String == "2.1.400")
            let info = try await HTTP.send(.GET, server.address("/v1/agents/claude")).json()
            #expect(info["installed"] as? Bool == true)
        }
    }

    @Test func agentExitIsReportedInBothShapes() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            #expect(try await post(server, "/v1/acp/ext-4?agent=mock", initialize).status == 200)
            let created = try await post(server, "/v1/acp/ext-4", #"{"jsonrpc":"2.0","id":2,"method":"session/new","params":{"cwd":"/tmp","mcpServers":[]}}"#)
            let sessionId = try #require((try created.json()["result"] as? [String: Any])?["sessionId"] as? String)
            // The relay's SSE stream, opened while the agent runs (an ended relay's stream is a 404);
            // a watchdog closes it should the notification never come.
            let stream = try await SSEClient.open(server.address("/v1/acp/ext-4"))
            #expect(stream.status == 200)
            let watchdog = Task {
                try? await Task.sleep(for: .seconds(60))
                stream.cancel()
            }
            defer { watchdog.cancel() }
            // The prompt is never answered: the agent dies, and the POST fails.
            let prompt = try await post(
                server, "/v1/acp/ext-4",
                #"{"jsonrpc":"2.0","id":3,"method":"session/prompt","params":{"sessionId":"\#(sessionId)","prompt":[{"type":"text","text":"/crash"}]}}"#)
            #expect(prompt.status != 200, "\(prompt.text)")
            var ended: [[String: Any]] = []
            let found = try await eventually(timeout: .seconds(30)) {
                ended = try await SessionAPI(server: server).events("ext-4").server("_sandboxagent/session/ended")
                return !ended.isEmpty
            }
            #expect(found)
            #expect(ended.count == 1)
            let params = try #require(ended.first)
            #expect(params["reason"] as? String == "agent_exited" && params["exitCode"] as? Int == 3)
            #expect((params["stderrTail"] as? String)?.contains("crashing on purpose") == true)
            #expect(params["session_id"] as? String == sessionId)
            let data = try #require(params["data"] as? [String: Any])
            #expect(data["reason"] as? String == "error" && data["terminated_by"] as? String == "agent")
            #expect(data["exit_code"] as? Int == 3 && (data["message"] as? String)?.isEmpty == false)
            #expect(((data["stderr"] as? [String: Any])?["tail"] as? String)?.contains("crashing on purpose") == true)

            // Upstream's clients read it from the SSE stream: the same notification is there.
            var streamed: [String: Any]?
            do {
                for try await event in stream.events {
                    let envelope = try JSONSerialization.jsonObject(with: Data(event.data.utf8)) as? [String: Any]
                    if envelope?["method"] as? String == "_sandboxagent/session/ended" {
                        streamed = envelope?["params"] as? [String: Any]
                        break
                    }
                }
            } catch {
                Issue.record("the SSE stream ended without _sandboxagent/session/ended: \(error)")
            }
            stream.cancel()
            #expect(streamed?["session_id"] as? String == sessionId, "\(streamed ?? [:])")
            #expect((streamed?["data"] as? [String: Any])?["reason"] as? String == "error")
            #expect((streamed?["data"] as? [String: Any])?["terminated_by"] as? String == "agent")
        }
    }

    @Test func closingTheServerIsATermination() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            #expect(try await post(server, "/v1/acp/ext-5?agent=mock", initialize).status == 200)
            #expect(try await HTTP.send(.DELETE, server.address("/v1/acp/ext-5")).status == 204)
            var ended: [[String: Any]] = []
            let found = try await eventually(timeout: .seconds(30)) {
                ended = try await SessionAPI(server: server).events("ext-5").server("_sandboxagent/session/ended")
                return !ended.isEmpty
            }
            #expect(found && ended.count == 1)
            let data = ended.first?["data"] as? [String: Any]
            #expect(data?["reason"] as? String == "terminated" && data?["terminated_by"] as? String == "daemon")
            #expect(ended.first?["session_id"] == nil, "the agent made no session")
        }
    }
}
