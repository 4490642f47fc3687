import Foundation
import NIOHTTP1
import Testing

@Suite("Auth and CORS", .serialized)
struct AuthTests {
    static let token = "s3cret-token"

    @Test func everyRouteFamilyNeedsTheToken() async throws {
        try await withServer(["--token", Self.token]) { server in
            let started = try await HTTP.json(
                .POST, server.address("/v1/processes"), ["command": "sleep", "args": ["30"], "tty": true],
                headers: [("Authorization", "Bearer \(Self.token)")])
            #expect(started.status == 200)
            let id = try #require(try started.json()["id"] as? String)

            let families: [(String, String)] = [
                ("JSON", "/v1/health"),
                ("JSON", "/v1/processes"),
                ("files", "/v1/fs/entries?path=/"),
                ("SSE", "/v1/processes/\(id)/logs?follow=true"),
            ]
            for (family, path) in families {
                let denied = try await HTTP.send(.GET, server.address(path))
                #expect(denied.status == 401, "\(family) \(path) without a token")
                #expect(denied.problemCode == "token_invalid")
                let wrong = try await HTTP.send(.GET, server.address(path), headers: [("Authorization", "Bearer nope")])
                #expect(wrong.status == 401, "\(family) \(path) with a wrong token")
            }
            for (family, path) in families where family != "SSE" {
                let allowed = try await HTTP.send(.GET, server.address(path), headers: [("Authorization", "Bearer \(Self.token)")])
                #expect(allowed.status == 200, "\(family) \(path) with the token")
            }
            let sse = try await SSEClient.open(server.address("/v1/processes/\(id)/logs?follow=true"), token: Self.token)
            #expect(sse.status == 200)
            sse.cancel()

            // WebSocket: a plain GET is a 401; a handshake without the token is refused in-band
            // (error frame, then close 4401); with ?access_token= it reaches the terminal.
            #expect(try await HTTP.send(.GET, server.address("/v1/processes/\(id)/terminal/ws")).status == 401)
            let refusal = try await TerminalSession.firstTextFrame(server.address("/v1/processes/\(id)/terminal/ws"))
            #expect(refusal.contains(#""status":401"#), "\(refusal)")
            #expect(refusal.contains("token_invalid"))
            let ready = try await TerminalSession.firstTextFrame(
                server.address("/v1/processes/\(id)/terminal/ws?access_token=\(Self.token)"))
            #expect(ready.contains(#""type":"ready""#), "\(ready)")
            let unknown = try await TerminalSession.firstTextFrame(
                server.address("/v1/processes/proc_999/terminal/ws?access_token=\(Self.token)"))
            #expect(unknown.contains(#""status":404"#), "\(unknown)")

            // `/` and /openapi.json stay open.
            #expect(try await HTTP.send(.GET, server.address("/")).status == 200)
            #expect(try await HTTP.send(.GET, server.address("/openapi.json")).status == 200)
        }
    }

    @Test func tokenFromEnvironmentAndNoTokenOverride() async throws {
        let fromEnv = try await TestServer([], environment: ["SANDBOX_AGENT_TOKEN": Self.token])
        #expect(try await HTTP.send(.GET, fromEnv.address("/v1/health")).status == 401)
        #expect(try await HTTP.send(.GET, fromEnv.address("/v1/health"), headers: [("Authorization", "Bearer \(Self.token)")]).status == 200)
        await fromEnv.stop()

        let open = try await TestServer(["--no-token"], environment: ["SANDBOX_AGENT_TOKEN": Self.token])
        #expect(try await HTTP.send(.GET, open.address("/v1/health")).status == 200)
        await open.stop()
    }
}
