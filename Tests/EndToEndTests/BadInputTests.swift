import Foundation
import NIOHTTP1
import Testing

@Suite("Bad input gets a clear 4xx ProblemDetails", .serialized)
struct BadInputTests {
    @Test func malformedAndMistypedJSON() async throws {
        try await withServer { server in
            let run = server.address("/v1/processes/run")
            let cases: [(String, String, String)] = [
                ("{not json", "invalid_request", "not valid JSON"),
                ("[1,2]", "invalid_request", "JSON object"),
                (#"{"command": 5}"#, "invalid_request", "'command'"),
                (#"{"command": "true", "timeoutMs": "soon"}"#, "invalid_request", "'timeoutMs'"),
                (#"{"command": "true", "command": "false"}"#, "invalid_request", "duplicate key 'command'"),
                (#"{"command": "true", "futureField": 1, "timeoutMs": -1}"#, "invalid_request", "timeoutMs"),
                ("{}", "invalid_request", "'command'"),
                ("", "invalid_request", "empty"),
                (#"{"command": "no-such-command-xyz"}"#, "command_not_found", "no-such-command-xyz"),
                (#"{"command": "true", "cwd": "/no/such/dir"}"#, "invalid_cwd", "/no/such/dir"),
                (#"{"command": "true", "env": {"A=B": "x"}}"#, "invalid_request", "env"),
            ]
            for (body, code, mention) in cases {
                let result = try await HTTP.send(.POST, run, headers: [("Content-Type", "application/json")], body: Data(body.utf8))
                #expect(result.status == 400, "\(body)")
                #expect(result.problemCode == code, "\(body): \(result.text)")
                let detail = (try? result.json())?["detail"] as? String ?? ""
                #expect(detail.contains(mention), "\(body): \(result.text)")
            }
            // A field this server does not know (a newer client's) is ignored, at any depth.
            let newer = try await HTTP.send(
                .POST, run, headers: [("Content-Type", "application/json")],
                body: Data(#"{"command": "true", "futureField": {"x": 1}, "env": {"A": "1"}}"#.utf8))
            #expect(newer.status == 200, "\(newer.text)")
        }
    }

    /// The server's PATH is not the client's business: a missing command is named, the search path is not.
    @Test func commandNotFoundDoesNotShowTheServersPath() async throws {
        try await withServer { server in
            let path = Foundation.ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
            let result = try await HTTP.json(.POST, server.address("/v1/processes/run"), ["command": "no-such-command-xyz"])
            #expect(result.status == 400 && result.problemCode == "command_not_found")
            let detail = try result.json()["detail"] as? String ?? ""
            #expect(detail.contains("no-such-command-xyz"))
            #expect(!detail.contains(path) && !detail.contains("/usr/bin"), "\(detail)")
        }
    }

    @Test func sessionEnvNamesAreChecked() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            for env in [["A=B": "x"], ["": "x"], ["A": "x\u{0}y"]] {
                let result = try await HTTP.json(.POST, server.address("/v1/sessions"), ["agent": "mock", "env": env])
                #expect(result.status == 400 && result.problemCode == "invalid_request", "\(env): \(result.status) \(result.text)")
                #expect((try? result.json())?["field"] as? String == "env", "\(result.text)")
            }
        }
    }

    @Test func unknownIdsAndBadQueries() async throws {
        try await withServer { server in
            for path in ["/v1/processes/proc_424242", "/v1/processes/garbage", "/v1/processes/proc_1/logs"] {
                let result = try await HTTP.send(.GET, server.address(path))
                #expect(result.status == 404, "\(path)")
                #expect(result.problemCode == "not_found")
            }
            #expect(try await HTTP.send(.GET, server.address("/v1/processes?owner=bogus")).status == 400)
            let process = try await HTTP.json(.POST, server.address("/v1/processes"), ["command": "sleep", "args": ["30"]]).json()
            let id = try #require(process["id"] as? String)
            #expect(try await HTTP.send(.POST, server.address("/v1/processes/\(id)/kill?waitMs=abc")).status == 400)
            let notInteractive = try await HTTP.json(.POST, server.address("/v1/processes/\(id)/input"), ["data": "aGk="])
            #expect(notInteractive.status == 409)
            let badBase64 = try await HTTP.json(.POST, server.address("/v1/processes/\(id)/input"), ["data": "!!!"])
            #expect(badBase64.status == 400)
            let notTTY = try await HTTP.json(.POST, server.address("/v1/processes/\(id)/terminal/resize"), ["cols": 80, "rows": 24])
            #expect(notTTY.status == 409)
            #expect(try await HTTP.send(.DELETE, server.address("/v1/processes/\(id)")).status == 409)
            let config = try await HTTP.json(.POST, server.address("/v1/processes/config"), ["maxConcurrentProcesses": 0])
            #expect(config.status == 400)
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        try await withServer(["--no-token", "--max-upload-bytes", "1000"]) { server in
            let huge = Data(repeating: UInt8(ascii: " "), count: 2 << 20)
            let json = try await HTTP.send(
                .POST, server.address("/v1/processes/run"), headers: [("Content-Type", "application/json")], body: huge)
            #expect(json.status == 413)
            #expect(json.problemCode == "payload_too_large")

            let target = server.dataDirectory.appendingPathComponent("big.bin").path
            let upload = try await HTTP.send(
                .PUT, server.address("/v1/fs/file?path=\(target)"), body: Data(repeating: 7, count: 5000))
            #expect(upload.status == 413)
            #expect(!FileManager.default.fileExists(atPath: target), "a refused upload writes nothing")
            let small = try await HTTP.send(.PUT, server.address("/v1/fs/file?path=\(target)"), body: Data(repeating: 7, count: 500))
            #expect(small.status == 200)
            #expect(try small.json()["bytesWritten"] as? Int == 500)
        }
    }
}
