import Foundation
import NIOHTTP1
import Testing

/// `/v1/desktop/mcp` against bad input and without a desktop: every answer is a clear JSON-RPC
/// error, an `isError` tool result or a 4xx, never a 500 or a hang.
@Suite("Desktop MCP server: protocol errors")
struct DesktopMCPProtocolTests {
    @Test func badMessagesAndNoDesktop() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let url = server.address("/v1/desktop/mcp")
            func post(_ text: String, headers: [(String, String)] = []) async throws -> HTTPResult {
                try await HTTP.send(.POST, url, headers: [("Content-Type", "application/json")] + headers, body: Data(text.utf8))
            }
            let parse = try await post("not json")
            let parseError = try parse.json()["error"] as? [String: Any]
            #expect(parse.status == 400 && parseError?["code"] as? Int == -32700)
            #expect(try await post(#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#).status == 400)
            let ping = try await post(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#)
            let pingResult = try ping.json()["result"] as? [String: Any]
            #expect(ping.status == 200 && pingResult != nil)
            let unknown = try await post(#"{"jsonrpc":"2.0","id":2,"method":"resources/list"}"#).json()
            #expect((unknown["error"] as? [String: Any])?["code"] as? Int == -32601)
            let tool = try await post(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"fly"}}"#).json()
            #expect((tool["error"] as? [String: Any])?["code"] as? Int == -32602)
            let arguments = try await post(#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"click","arguments":[1,2]}}"#).json()
            #expect((arguments["result"] as? [String: Any])?["isError"] as? Bool == true)
            let noDesktop = try await post(#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"screenshot"}}"#).json()
            let result = try #require(noDesktop["result"] as? [String: Any])
            #expect(result["isError"] as? Bool == true)
            #expect(((result["content"] as? [[String: Any]])?.first?["text"] as? String)?.contains("not running") == true)
            #expect(try await post(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).status == 202)
            let huge = try await post(#"{"a":""# + String(repeating: "x", count: 2 << 20) + #""}"#)
            #expect(huge.status == 413 && huge.problemCode == "payload_too_large")
            #expect(try await HTTP.send(.GET, url).status == 405)
            let session = try await post(#"{"jsonrpc":"2.0","id":6,"method":"ping"}"#, headers: [("X-Sandbox-Agent-Session", "sess_missing")])
            #expect(session.status == 404 && session.problemCode == "session_not_found")
            let initialize = try await post(#"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"protocolVersion":"1999-01-01","capabilities":{}}}"#).json()
            #expect((initialize["result"] as? [String: Any])?["protocolVersion"] as? String == "2025-11-25", "an unknown revision gets the newest")
        }
    }
}
