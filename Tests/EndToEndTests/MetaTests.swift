import Foundation
import NIOHTTP1
import Testing

@Suite("Meta: health, version, banner, OpenAPI", .serialized)
struct MetaTests {
    @Test func healthReportsOkAndVersion() async throws {
        try await withServer { server in
            let health = try await HTTP.send(.GET, server.address("/v1/health"))
            #expect(health.status == 200)
            let body = try health.json()
            #expect(body["status"] as? String == "ok")
            #expect((body["version"] as? String)?.isEmpty == false)

            let banner = try await HTTP.send(.GET, server.address("/")).json()
            #expect(banner["name"] as? String == "Sandbox Agent")
            #expect(banner["version"] as? String == body["version"] as? String)
        }
    }

    @Test func versionFlagPrintsTheVersion() async throws {
        let result = try await sandboxAgent(["--version"])
        #expect(result.code == 0)
        #expect(result.stdout.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil, "got \(result.stdout)")
    }

    @Test func unknownRouteIsProblemDetails404() async throws {
        try await withServer { server in
            let result = try await HTTP.send(.GET, server.address("/v1/nope"))
            #expect(result.status == 404)
            #expect(result.problemCode == "not_found")
            #expect((try result.json())["status"] as? Int == 404)
        }
    }

    /// Every operation of the served OpenAPI document answers on the live server: no documented
    /// route falls through to "no such route". (The reverse direction is checked against the
    /// router itself in SandboxAgentServerTests.)
    @Test func everyDocumentedRouteExists() async throws {
        try await withServer { server in
            let document = try await HTTP.send(.GET, server.address("/openapi.json")).json()
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(paths.count >= 20)
            for (path, operations) in paths {
                for method in operations.keys where ["get", "put", "post", "delete"].contains(method) {
                    let concrete = path.replacingOccurrences(of: "{id}", with: "proc_999999")
                    let result = try await HTTP.send(.init(rawValue: method.uppercased()), server.address(concrete))
                    let isFallback = result.status == 404 && (try? result.json())?["detail"] as? String == "no such route"
                    #expect(!isFallback, "\(method.uppercased()) \(path) is documented but not served")
                }
            }
        }
    }
}
