import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import SandboxAgentServer

/// Bad input gets a clear 4xx ProblemDetails that names what is wrong, never a 5xx or a hang.
@Suite("Bad input gets a clear 4xx ProblemDetails (in process)")
struct BadInputTests {
    @Test func malformedAndMistypedJSON() async throws {
        try await RouterHarness().test { client in
            let run = "/v1/processes/run"
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
                let result = try await client.json(.post, run, text: body)
                #expect(result.status == .badRequest, "\(body)")
                #expect(result.problemCode == code, "\(body): \(result.text)")
                let detail = (try? result.object())?["detail"] as? String ?? ""
                #expect(detail.contains(mention), "\(body): \(result.text)")
            }
            // A field this server does not know (a newer client's) is ignored, at any depth.
            let newer = try await client.json(.post, run, text: #"{"command": "true", "futureField": {"x": 1}, "env": {"A": "1"}}"#)
            #expect(newer.status == .ok, "\(newer.text)")
        }
    }

    /// The server's PATH is not the client's business: a missing command is named, the search path is not.
    @Test func commandNotFoundDoesNotShowTheServersPath() async throws {
        try await RouterHarness().test { client in
            let path = Foundation.ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
            let result = try await client.json(.post, "/v1/processes/run", ["command": "no-such-command-xyz"])
            #expect(result.status == .badRequest && result.problemCode == "command_not_found")
            let detail = try result.object()["detail"] as? String ?? ""
            #expect(detail.contains("no-such-command-xyz"))
            #expect(!detail.contains(path) && !detail.contains("/usr/bin"), "\(detail)")
        }
    }

    @Test func sessionEnvNamesAreChecked() async throws {
        try await RouterHarness().test { client in
            for env in [["A=B": "x"], ["": "x"], ["A": "x\u{0}y"]] {
                let result = try await client.json(.post, "/v1/sessions", ["agent": "mock", "env": env])
                #expect(result.status == .badRequest && result.problemCode == "invalid_request", "\(env): \(result.status) \(result.text)")
                #expect((try? result.object())?["field"] as? String == "env", "\(result.text)")
            }
        }
    }

    @Test func unknownIdsAndBadQueries() async throws {
        try await RouterHarness().test { client in
            for path in ["/v1/processes/proc_424242", "/v1/processes/garbage", "/v1/processes/proc_1/logs"] {
                let result = try await client.send(.get, path)
                #expect(result.status == .notFound, "\(path)")
                #expect(result.problemCode == "not_found")
            }
            #expect(try await client.send(.get, "/v1/processes?owner=bogus").status == .badRequest)
            // Still running whatever the load: the harness stops it at the end.
            let process = try await client.json(.post, "/v1/processes", ["command": "sleep", "args": ["3600"]]).object()
            let id = try #require(process["id"] as? String)
            #expect(try await client.send(.post, "/v1/processes/\(id)/kill?waitMs=abc").status == .badRequest)
            // The open enumerations decode anything from a server, but the server still refuses what it does not know.
            let badStream = try await client.send(.get, "/v1/processes/\(id)/logs?stream=bogus")
            #expect(badStream.status == .badRequest)
            let detail = try badStream.object()["detail"] as? String
            #expect(detail?.contains("must be one of stdout, stderr, pty, combined, got 'bogus'") == true, "\(detail ?? "")")
            let notInteractive = try await client.json(.post, "/v1/processes/\(id)/input", ["data": "aGk="])
            #expect(notInteractive.status == .conflict)
            let badBase64 = try await client.json(.post, "/v1/processes/\(id)/input", ["data": "!!!"])
            #expect(badBase64.status == .badRequest)
            let notTTY = try await client.json(.post, "/v1/processes/\(id)/terminal/resize", ["cols": 80, "rows": 24])
            #expect(notTTY.status == .conflict)
            #expect(try await client.send(.delete, "/v1/processes/\(id)").status == .conflict)
            let config = try await client.json(.post, "/v1/processes/config", ["maxConcurrentProcesses": 0])
            #expect(config.status == .badRequest)
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        let harness = try RouterHarness { $0.maxUploadBytes = 1000 }
        let target = harness.directory + "/big.bin"
        try await harness.test { client in
            let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: 2 << 20)
            let json = try await client.send(.post, "/v1/processes/run", headers: [.contentType: "application/json"], body: huge)
            #expect(json.status == .contentTooLarge)
            #expect(json.problemCode == "payload_too_large")

            let upload = try await client.send(.put, "/v1/fs/file?path=\(target)", body: ByteBuffer(repeating: 7, count: 5000))
            #expect(upload.status == .contentTooLarge)
            #expect(!FileManager.default.fileExists(atPath: target), "a refused upload writes nothing")
            let small = try await client.send(.put, "/v1/fs/file?path=\(target)", body: ByteBuffer(repeating: 7, count: 500))
            #expect(small.status == .ok)
            #expect(try small.object()["bytesWritten"] as? Int == 500)
        }
    }
}
