import AgentInstall
import AgentSessions
import DesktopRuntime
import FileSystem
import Foundation
import Logging
import ProcessRuntime
import SessionStore
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
        let directory = FileManager.default.temporaryDirectory.path
        let processes = try ProcessManager(environment: [:], defaultCwd: directory, logger: Logger(label: "test"))
        let files = FileSystemService(root: nil, workingDirectory: directory, homeDirectory: directory)
        let provider = try AgentProvider(
            installer: AgentInstaller(dataDirectory: directory, environment: [:], logger: Logger(label: "test")),
            requirePreinstall: true, logger: Logger(label: "test")
        ) { AgentCatalog(mockExecutable: "/bin/false", mockStateDirectory: directory) }
        let sessions = SessionManager(
            agents: provider,
            services: SessionServices(processes: processes, files: files, store: MemorySessionStore(), logger: Logger(label: "test")),
            defaultCwd: directory)
        let (_, entries) = try SandboxAgentServer.makeRouter(
            configuration: ServerConfiguration(dataDirectory: directory), processes: processes, files: files,
            sessions: sessions,
            agents: AgentDirectory(provider: provider, processes: processes, environment: [:], homeDirectory: directory),
            provider: provider,
            desktop: DesktopManager(
                configuration: DesktopConfiguration(defaultStateDirectory: directory, environment: [:]), processes: processes,
                logger: Logger(label: "test")),
            spoolDirectory: directory)
        return Set(entries.map(\.description))
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
