import AgentSessions
import Hummingbird
import NIOPosix
import SandboxAgentAPI

/// `/v1/config/mcp` and `/v1/config/skills`: one entry of a directory's MCP or skills
/// configuration by `directory` + `mcpName`/`skillName`, read, upserted (204) or removed (204).
struct ConfigRoutes {
    let store: DirectoryConfigStore
    let jsonLimit: Int

    func register(on routes: RouteTable) {
        register(DirectoryConfigStore.mcp, at: "/v1/config/mcp", on: routes)
        register(DirectoryConfigStore.skills, at: "/v1/config/skills", on: routes)
    }

    private func register<Entry: Codable & Sendable>(
        _ file: DirectoryConfigStore.File<Entry>, at path: String, on routes: RouteTable
    ) {
        routes.on(.get, path) { request, _ in
            let (directory, name) = try Self.target(request, file)
            return try JSONBody.response(try await blocking { try store.entry(file, directory: directory, name: name) })
        }
        routes.on(.put, path) { request, _ in
            let (directory, name) = try Self.target(request, file)
            let entry = try await JSONBody.decode(Entry.self, from: request, limit: jsonLimit)
            try await blocking { try store.put(file, directory: directory, name: name, entry: entry) }
            return Response(status: .noContent)
        }
        routes.on(.delete, path) { request, _ in
            let (directory, name) = try Self.target(request, file)
            try await blocking { try store.delete(file, directory: directory, name: name) }
            return Response(status: .noContent)
        }
    }

    /// The required `directory` and entry-name query parameters (400 naming the missing one).
    private static func target<Entry>(_ request: Request, _ file: DirectoryConfigStore.File<Entry>) throws -> (String, String) {
        (try request.query.requiredString("directory"), try request.query.requiredString(file.entryParameter))
    }

    /// Runs blocking file work on NIO's thread pool, off the event loops.
    private func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
