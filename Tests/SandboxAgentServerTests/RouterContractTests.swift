import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SandboxAgentAPI
import Testing

@testable import SandboxAgentServer

/// The HTTP contract in process: status codes, ProblemDetails, authentication, browser guards,
/// CORS, and the happy and unhappy paths of the routes that need no agent, desktop or child process.
@Suite("Router contract (in process)")
struct RouterContractTests {
    static let token = "s3cret-token"

    @Test func healthAndUnknownRoute() async throws {
        try await RouterHarness().test { client in
            let health = try await client.send(.get, "/v1/health")
            #expect(health.status == .ok)
            #expect(health.headers[.contentType] == "application/json")
            let report = try health.decode(HealthResponse.self)
            #expect(report.status == "ok" && report.version == SandboxAgentVersion.current && report.reason == nil)
            let banner = try await client.send(.get, "/").object()
            #expect(banner["name"] as? String == "Sandbox Agent" && banner["version"] as? String == report.version)
            try await client.execute(uri: "/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                let value = try response.problem()
                #expect(value.code == "not_found")
            }
        }
    }

    @Test func everyRouteFamilyNeedsTheTokenButTheOpenOnes() async throws {
        try await RouterHarness { $0.token = Self.token }.test { client in
            for path in ["/v1/health", "/v1/processes", "/v1/fs/entries?path=/", "/v1/sessions", "/v1/agents", "/v1/desktop/status"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path) without a token")
                    let value = try response.problem()
                    #expect(value.code == "token_invalid")
                }
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer nope"]) { response in
                    #expect(response.status == .unauthorized, "\(path) with a wrong token")
                }
            }
            try await client.execute(uri: "/v1/health", method: .get, headers: [.authorization: "Bearer \(Self.token)"]) { response in
                #expect(response.status == .ok)
            }
            for path in ["/", "/openapi.json", "/ui/"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path) is open")
                }
            }
        }
    }

    @Test(arguments: ["//v1/health", "/v1//health", "/v1/./health", "/v1/fs/../health", "/ui//index.html"])
    func nonCanonicalPathsAreRefusedBeforeAuth(_ path: String) async throws {
        try await RouterHarness { $0.token = Self.token }.test { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .badRequest, "\(path)")
                let value = try response.problem()
                #expect(value.code == "path_not_canonical")
            }
        }
    }

    @Test func originsAreCheckedBeforeAnyRoute() async throws {
        try await RouterHarness { $0.cors = CORSPolicy(allowedOrigins: ["https://app.example.com"]) }.test { client in
            try await client.execute(uri: "/v1/fs/mkdir?path=evil", method: .post, headers: [.origin: "https://evil.example.com"]) { response in
                #expect(response.status == .forbidden)
                let value = try response.problem()
                #expect(value.code == "origin_not_allowed")
            }
            // The server's own origin (the in-process client's authority is `localhost`) and the allowed one pass.
            for origin in ["http://localhost", "https://app.example.com"] {
                try await client.execute(uri: "/v1/health", method: .get, headers: [.origin: origin]) { response in
                    #expect(response.status == .ok, "\(origin)")
                }
            }
        }
        let directory = try RouterHarness()
        #expect(!FileManager.default.fileExists(atPath: directory.directory + "/evil"))
    }

    @Test func hostsOutsideThePolicyAreMisdirected() async throws {
        let harness = try RouterHarness()
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        let refused = try await harness.send(.get, "/v1/health", authority: "rebind.example.com")
        #expect(refused.status == .misdirectedRequest)
        for host in ["127.0.0.1:2468", "localhost", "[::1]:80", "box.localhost"] {
            #expect(try await harness.send(.get, "/v1/health", authority: host).status == .ok, "\(host)")
        }
        let allowed = try RouterHarness { $0.allowedHosts = ["sandbox.example.com"] }
        defer { try? FileManager.default.removeItem(atPath: allowed.directory) }
        #expect(try await allowed.send(.get, "/v1/health", authority: "sandbox.example.com:8080").status == .ok)
        #expect(try await allowed.send(.get, "/v1/health", authority: "other.example.com").status == .misdirectedRequest)
    }

    @Test func corsPreflightAndSimpleRequests() async throws {
        try await RouterHarness { $0.cors = CORSPolicy(allowedOrigins: ["https://app.example.com"]) }.test { client in
            var preflight: HTTPFields = [.accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type,authorization"]
            preflight[.origin] = "https://app.example.com"
            try await client.execute(uri: "/v1/processes/run", method: .options, headers: preflight) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "https://app.example.com")
                #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
                #expect(response.headers[.accessControlAllowHeaders]?.contains("authorization") == true)
            }
            preflight[.origin] = "https://evil.example.com"
            try await client.execute(uri: "/v1/processes/run", method: .options, headers: preflight) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(uri: "/v1/health", method: .get, headers: [.origin: "https://app.example.com"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == "https://app.example.com")
            }
            try await client.execute(uri: "/v1/health", method: .get, headers: [.origin: "https://evil.example.com"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test func jsonBodiesAreChecked() async throws {
        try await RouterHarness { $0.maxJSONBodyBytes = 256 }.test { client in
            let move = "/v1/fs/move"
            let cases: [(String, HTTPFields, String, HTTPResponse.Status, String)] = [
                ("text/plain", [.contentType: "text/plain"], #"{"from":"a","to":"b"}"#, .unsupportedMediaType, "unsupported_media_type"),
                ("malformed", .json, #"{"from":"#, .badRequest, "invalid_request"),
                ("not an object", .json, #"["a"]"#, .badRequest, "invalid_request"),
                ("missing field", .json, #"{"from":"a"}"#, .badRequest, "invalid_request"),
                ("wrong type", .json, #"{"from":"a","to":7}"#, .badRequest, "invalid_request"),
                ("duplicate key", .json, #"{"from":"a","to":"b","to":"c"}"#, .badRequest, "invalid_request"),
                ("too large", .json, #"{"from":"\#(String(repeating: "a", count: 400))","to":"b"}"#, .contentTooLarge, "payload_too_large"),
            ]
            for (name, headers, body, status, code) in cases {
                try await client.execute(uri: move, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(name): \(response.text)")
                    let value = try response.problem()
                    #expect(value.code == code, "\(name)")
                }
            }
            try await client.execute(uri: move, method: .post, headers: .json, body: ByteBuffer(string: #"{"from":"a"}"#)) { response in
                let value = try response.problem()
                #expect(value.detail.contains("'to'"), "the detail names the field")
            }
        }
    }

    @Test func fileRoutesHappyAndUnhappy() async throws {
        try await RouterHarness().test { client in
            try await client.execute(
                uri: "/v1/fs/file?path=notes/a.txt", method: .put, headers: [.contentType: "application/octet-stream"],
                body: ByteBuffer(string: "hello")
            ) { response in
                #expect(response.status == .ok)
                let value = try response.decode(FsWriteResponse.self)
                #expect(value.bytesWritten == 5)
            }
            try await client.execute(uri: "/v1/fs/stat?path=notes/a.txt", method: .get) { response in
                let stat = try response.decode(FsStat.self)
                #expect(stat.entryType == .file && stat.size == 5 && stat.path.hasSuffix("/notes/a.txt"))
            }
            try await client.execute(uri: "/v1/fs/entries?path=notes", method: .get) { response in
                let value = try response.decode([FsEntry].self)
                #expect(value.map(\.name) == ["a.txt"])
            }
            try await client.execute(uri: "/v1/fs/file?path=notes/a.txt", method: .get) { response in
                #expect(response.text == "hello")
            }
            try await client.execute(
                uri: "/v1/fs/move", method: .post, headers: .json, body: try .json(FsMoveRequest(from: "notes/a.txt", to: "notes/b.txt"))
            ) { response in
                let value = try response.decode(FsMoveResponse.self)
                #expect(value.to.hasSuffix("/notes/b.txt"))
            }
            try await client.execute(uri: "/v1/fs/stat?path=notes/a.txt", method: .get) { response in
                #expect(response.status == .notFound)
                let value = try response.problem()
                #expect(value.code == "not_found")
            }
            try await client.execute(uri: "/v1/fs/entry?path=notes", method: .delete) { response in
                #expect(response.status == .conflict)
                let value = try response.problem()
                #expect(value.code == "directory_not_empty")
            }
            try await client.execute(uri: "/v1/fs/entry?path=notes&recursive=true", method: .delete) { response in
                let value = try response.decode(FsActionResponse.self)
                #expect(value.path.hasSuffix("/notes"))
            }
            try await client.execute(uri: "/v1/fs/stat", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func processConfigAndUnknownProcesses() async throws {
        try await RouterHarness().test { client in
            try await client.execute(uri: "/v1/processes/config", method: .get) { response in
                let value = try response.decode(ProcessConfig.self)
                #expect(value == .default)
            }
            var config = ProcessConfig.default
            config.defaultRunTimeoutMs = 999_999
            try await client.execute(uri: "/v1/processes/config", method: .post, headers: .json, body: try .json(config)) { response in
                let stored = try response.decode(ProcessConfig.self)
                #expect(stored.defaultRunTimeoutMs == stored.maxRunTimeoutMs, "clamped")
            }
            config.maxOutputBytes = 0
            try await client.execute(uri: "/v1/processes/config", method: .post, headers: .json, body: try .json(config)) { response in
                #expect(response.status == .badRequest)
                let value = try response.problem()
                #expect(value.detail.contains("maxOutputBytes"))
            }
            try await client.execute(uri: "/v1/processes", method: .get) { response in
                let value = try response.decode(ProcessListResponse.self)
                #expect(value.processes.isEmpty)
            }
            for (method, path) in [(HTTPRequest.Method.get, "/v1/processes/proc_999"), (.post, "/v1/processes/proc_999/stop"), (.delete, "/v1/processes/proc_999")] {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == .notFound, "\(method) \(path)")
                    let value = try response.problem()
                    #expect(value.code == "not_found")
                }
            }
            try await client.execute(uri: "/v1/processes", method: .post, headers: .json, body: ByteBuffer(string: #"{"args":["x"]}"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func sessionRoutesWithoutAnAgent() async throws {
        try await RouterHarness().test { client in
            try await client.execute(uri: "/v1/sessions", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#""nextCursor":null"#), "nextCursor is always sent")
            }
            for (method, path) in [
                (HTTPRequest.Method.get, "/v1/sessions/nope"), (.get, "/v1/sessions/nope/questions"), (.get, "/v1/sessions/nope/permissions"),
                (.get, "/v1/sessions/nope/events"), (.delete, "/v1/sessions/nope"),
            ] {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == .notFound, "\(method) \(path)")
                    let value = try response.problem()
                    #expect(value.code == "session_not_found", "\(method) \(path)")
                }
            }
            let bodies: [(String, String, String)] = [
                ("/v1/sessions", #"{}"#, "invalid_request"),
                ("/v1/sessions", #"{"agent":"mock","desktop":false}"#, "desktop_invalid_action"),
                ("/v1/sessions", #"{"agent":"mock","desktop":"yes"}"#, "desktop_invalid_action"),
                ("/v1/sessions", #"{"agent":"no-such-agent"}"#, "unsupported_agent"),
                ("/v1/sessions", #"{"agent":"mock","env":{"A=B":"x"}}"#, "invalid_request"),
            ]
            for (path, body, code) in bodies {
                try await client.execute(uri: path, method: .post, headers: .json, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body): \(response.text)")
                    let value = try response.problem()
                    #expect(value.code == code, "\(body)")
                }
            }
        }
    }

    @Test func agentRoutesUnhappyPaths() async throws {
        try await RouterHarness().test { client in
            try await client.execute(uri: "/v1/agents/no-such-agent", method: .get) { response in
                #expect(response.status == .badRequest)
                let value = try response.problem()
                #expect(value.code == "unsupported_agent")
            }
            try await client.execute(
                uri: "/v1/agents/mock/install", method: .post, headers: .json, body: ByteBuffer(string: #"{"reinstall":"yes"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                let value = try response.problem()
                #expect(value.detail.contains("'reinstall'"))
            }
        }
    }
}
