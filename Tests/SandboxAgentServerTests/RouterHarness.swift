import AgentInstall
import AgentSessions
import DesktopRuntime
import FileSystem
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import ProcessRuntime
import SandboxAgentAPI
import SessionStore
import Testing

@testable import SandboxAgentServer

/// The server's whole router (every route and middleware) over real services in a temporary
/// directory, driven in process: no socket, no binary. Agents are never started (the mock agent's
/// executable is `/bin/false`), so only routes that do not need an agent answer successfully.
struct RouterHarness {
    let router: Router<APIRequestContext>
    /// Every route the router serves.
    let entries: [RouteTable.Entry]
    /// The children routes start; stopped by ``test(_:)``.
    let processes: ProcessManager
    /// Where sessions and transcripts are kept.
    let store = MemorySessionStore()
    /// The temporary directory every service works in; removed by ``close()``.
    let directory: String

    init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appending(path: "router-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = ServerConfiguration(dataDirectory: directory + "/data")
        configure(&configuration)
        let logger = Logger(label: "router-test")
        // Children find commands on the test's PATH (and nothing else of its environment).
        let path = Foundation.ProcessInfo.processInfo.environment["PATH"].map { ["PATH": $0] } ?? [:]
        let processes = try ProcessManager(config: configuration.processConfig, environment: path, defaultCwd: directory, logger: logger)
        self.processes = processes
        let files = FileSystemService(root: configuration.fsRoot, workingDirectory: directory, homeDirectory: directory)
        let provider = try AgentProvider(
            installer: AgentInstaller(dataDirectory: directory + "/data", environment: [:], logger: logger),
            requirePreinstall: true, logger: logger
        ) { [directory] in AgentCatalog(mockExecutable: "/bin/false", mockStateDirectory: directory) }
        let sessions = SessionManager(
            agents: provider,
            services: SessionServices(processes: processes, files: files, store: store, logger: logger),
            defaultCwd: directory)
        (router, entries) = try SandboxAgentServer.makeRouter(
            configuration: configuration, processes: processes, files: files, sessions: sessions,
            agents: AgentDirectory(provider: provider, processes: processes, environment: [:], homeDirectory: directory),
            provider: provider,
            desktop: DesktopManager(
                configuration: DesktopConfiguration(defaultStateDirectory: directory, environment: [:]), processes: processes,
                logger: logger),
            spoolDirectory: directory, logger: logger)
    }

    /// Runs `test` against the router through HummingbirdTesting's in-process client.
    func test(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try await Application(router: router).test(.router, test)
        } catch {
            await processes.shutdown()
            throw error
        }
        await processes.shutdown()
    }

    /// One request with a chosen `:authority` (the `Host` header), which the in-process client
    /// always sets to `localhost`.
    func send(_ method: HTTPRequest.Method, _ path: String, authority: String, headers: HTTPFields = [:]) async throws -> Response {
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: authority, path: path, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer()))
        let context = APIRequestContext(source: .init(channel: NIOAsyncTestingChannel(), logger: Logger(label: "router-test")))
        return try await router.buildResponder().respond(to: request, context: context)
    }
}

extension TestResponse {
    /// The body decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    /// The body as ProblemDetails, after checking the media type and that `status` matches.
    func problem(sourceLocation: SourceLocation = #_sourceLocation) throws -> ProblemDetails {
        #expect(headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let problem = try decode(ProblemDetails.self)
        #expect(problem.status == Int(status.code), sourceLocation: sourceLocation)
        return problem
    }

    var text: String { String(buffer: body) }
}

extension ByteBuffer {
    /// `value` encoded as JSON.
    static func json(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONEncoder().encode(value))
    }
}

extension HTTPFields {
    /// `Content-Type: application/json`.
    static let json: HTTPFields = [.contentType: "application/json"]
}
