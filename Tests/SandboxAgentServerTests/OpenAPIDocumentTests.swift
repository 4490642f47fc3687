import Foundation
import SandboxAgentResources
import Testing

@testable import SandboxAgentServer

@Suite("OpenAPI document ↔ router")
struct OpenAPIDocumentTests {
    private func documentedRoutes() throws -> Set<String> {
        let document = try JSONSerialization.jsonObject(with: SandboxAgentResources.openAPIDocument()) as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        var routes = Set<String>()
        for (path, item) in paths {
            for method in item.keys where ["get", "put", "post", "delete", "patch"].contains(method) {
                routes.insert("\(method.uppercased()) \(path)")
            }
        }
        return routes
    }

    private func servedRoutes() throws -> Set<String> {
        let harness = try RouterHarness()
        defer { try? FileManager.default.removeItem(atPath: harness.directory) }
        return Set(harness.entries.map(\.description))
    }

    @Test func everyServedRouteIsDocumented() throws {
        let undocumented = try servedRoutes().subtracting(documentedRoutes())
        #expect(undocumented.isEmpty, "served but not in Resources/openapi.json: \(undocumented.sorted())")
    }

    @Test func everyDocumentedRouteIsServed() throws {
        let missing = try documentedRoutes().subtracting(servedRoutes())
        #expect(missing.isEmpty, "documented but not served: \(missing.sorted())")
    }

    @Test func everyOperationHasAnIdAndResponses() throws {
        let document = try JSONSerialization.jsonObject(with: SandboxAgentResources.openAPIDocument()) as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        var ids = Set<String>()
        for (path, item) in paths {
            for method in ["get", "put", "post", "delete", "patch"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let id = operation["operationId"] as? String
                #expect(id != nil, "\(method) \(path) has no operationId")
                if let id { #expect(ids.insert(id).inserted, "duplicate operationId \(id)") }
                #expect((operation["responses"] as? [String: Any])?.isEmpty == false, "\(method) \(path) documents no response")
            }
        }
        #expect(ids.count == (try servedRoutes()).count, "one operation per served route")
    }
}
