import Foundation

/// Runs `body` against a fresh server and always stops the server afterwards, also on failure.
func withServer<T>(
    _ arguments: [String] = ["--no-token"], environment: [String: String] = [:], dataDirectory: URL? = nil,
    _ body: (TestServer) async throws -> T
) async throws -> T {
    let server = try await TestServer(arguments, environment: environment, dataDirectory: dataDirectory)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
