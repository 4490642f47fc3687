import AgentInstall
import AgentSessions
import DesktopMCP
import DesktopRuntime
import FileSystem
import Foundation
import Glibc
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
public import Logging
import NIOCore
import ProcessRuntime
import SandboxAgentAPI
import SandboxAgentResources
import ServiceLifecycle
import SessionStore
import UnixSignals

/// The HTTP server: builds the router over the domain services and runs until SIGINT/SIGTERM,
/// then stops every child process before returning.
public struct SandboxAgentServer: Sendable {
    public let configuration: ServerConfiguration
    private let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs the server. `onListening` receives the base URL once the socket is bound.
    public func run(onListening: @escaping @Sendable (String) -> Void = { _ in }) async throws {
        signal(SIGPIPE, SIG_IGN)
        let spool = configuration.dataDirectory + "/tmp"
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let cwd = FileManager.default.currentDirectoryPath
        // Children never see the server's token: an agent could otherwise call the API as the client.
        var environment = Foundation.ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SANDBOX_AGENT_TOKEN")
        let processes = try ProcessManager(
            config: configuration.processConfig, environment: environment, defaultCwd: cwd, logger: logger)
        let files = FileSystemService(
            root: configuration.fsRoot, workingDirectory: cwd, homeDirectory: NSHomeDirectory())
        let provider = try makeAgentProvider(environment: environment)
        let configStore = DirectoryConfigStore(files: files)
        let codexSandbox = CodexSandbox(dataDirectory: configuration.dataDirectory)
        let sessions = try await makeSessionManager(
            agents: provider, processes: processes, files: files, configStore: configStore, codexSandbox: codexSandbox, cwd: cwd)
        let agents = AgentDirectory(
            provider: provider, processes: processes, environment: environment,
            homeDirectory: environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory(), codexSandbox: codexSandbox)
        let desktop = DesktopManager(
            configuration: DesktopConfiguration.fromEnvironment(environment), processes: processes, logger: logger)
        let endpoint = ServerEndpoint()
        let (router, _) = try Self.makeRouter(
            configuration: configuration, processes: processes, files: files, sessions: sessions, agents: agents,
            provider: provider, desktop: desktop, configStore: configStore, endpoint: endpoint, spoolDirectory: spool,
            logger: logger)
        let host = configuration.host
        let webSocketResponder = router.buildResponder()
        let limits = configuration.connectionLimits
        let server = HTTPServerBuilder { responder in
            GuardedHTTPChannel(
                base: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder, configuration: WebSocketSettings.server),
                limits: limits)
        }
        var app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                endpoint.set(host: host, port: port)
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onListening("http://\(shownHost):\(port)")
            },
            logger: logger)
        // Shutdown runs in reverse: the API's own children get SIGTERM (ChildShutdownTrigger), the
        // HTTP server drains, then the desktop stops, the agents, and every child left is stopped.
        app.addServices(processes, sessions, desktop)
        let services = ServiceGroup(
            configuration: .init(
                services: [app, ChildShutdownTrigger(processes: processes)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
    }

    /// This binary, which runs as the mock agent and as the desktop MCP server agents launch.
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The agents this server can run (the mock, agents installed or found here, the agents file's
    /// entries) and the installer that adds more.
    private func makeAgentProvider(environment: [String: String]) throws -> AgentProvider {
        let executable = Self.executable
        let installer = AgentInstaller(dataDirectory: configuration.dataDirectory, environment: environment, logger: logger)
        let dataDirectory = configuration.dataDirectory
        let agentsFile = configuration.agentsFile ?? dataDirectory + "/agents.json"
        return try AgentProvider(
            installer: installer, requirePreinstall: configuration.requirePreinstall,
            installDeadline: configuration.agentInstallTimeout, logger: logger
        ) {
            () throws(AgentSessionError) in
            var catalog = AgentCatalog(mockExecutable: executable, mockStateDirectory: dataDirectory + "/mock-agent")
            catalog.discoverNativeAgents(environment: environment, installDirectory: installer.binDirectory)
            try catalog.load(file: agentsFile)
            return catalog
        }
    }

    /// The session engine over the configured store; sessions left running by a previous run are
    /// marked ended (their agents died with it) and can be resumed.
    private func makeSessionManager(
        agents: AgentProvider, processes: ProcessManager, files: FileSystemService, configStore: DirectoryConfigStore,
        codexSandbox: CodexSandbox, cwd: String
    ) async throws -> SessionManager {
        let store = try await StorageOption.open(configuration.storage, dataDirectory: configuration.dataDirectory, logger: logger)
        let instance = try configuration.instanceId.map { try InstanceIdentity(id: $0, labels: configuration.labels) }
            ?? InstanceIdentity.stored(in: configuration.dataDirectory, labels: configuration.labels)
        var services = SessionServices(
            processes: processes, files: files, store: store, logger: logger, instance: instance,
            handshakeTimeout: configuration.agentHandshakeTimeout, cancelTimeout: configuration.agentCancelTimeout,
            questionTimeout: configuration.questionTimeout)
        services.eventBufferLimit = configuration.storageBufferMaxEvents
        services.eventBufferByteLimit = configuration.storageBufferMaxBytes
        let manager = SessionManager(
            agents: agents,
            services: services,
            defaultCwd: cwd, configStore: configStore, codexSandbox: codexSandbox)
        try await manager.recoverAfterRestart()
        return manager
    }

    /// The router with every route and middleware, plus the list of routes it serves.
    static func makeRouter(
        configuration: ServerConfiguration, processes: ProcessManager, files: FileSystemService, sessions: SessionManager,
        agents: AgentDirectory, provider: AgentProvider, desktop: DesktopManager, configStore: DirectoryConfigStore? = nil,
        endpoint: ServerEndpoint = ServerEndpoint(), spoolDirectory: String, logger: Logger
    ) throws -> (Router<APIRequestContext>, [RouteTable.Entry]) {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: CORSMiddleware(policy: configuration.cors))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: RequestLogMiddleware(settings: configuration.requestLog))
        router.add(middleware: BrowserGuardMiddleware(hosts: configuration.hostPolicy, cors: configuration.cors))
        router.add(middleware: CanonicalPathMiddleware())
        if let token = configuration.token { router.add(middleware: AuthMiddleware(token: token)) }
        let screenshots = SessionScreenshots()
        let routes = RouteTable(router: router)
        try MetaRoutes.register(on: routes, storeHealth: sessions.storeHealth)
        InspectorRoutes(files: try SandboxAgentResources.inspectorFiles()).register(on: routes)
        FileRoutes(
            files: files, jsonLimit: configuration.maxJSONBodyBytes, uploadLimit: configuration.maxUploadBytes,
            spoolDirectory: spoolDirectory
        ).register(on: routes)
        ProcessRoutes(manager: processes, jsonLimit: configuration.maxJSONBodyBytes).register(on: routes)
        ConfigRoutes(store: configStore ?? DirectoryConfigStore(files: files), jsonLimit: configuration.maxJSONBodyBytes).register(on: routes)
        let recordings = DesktopRecordings(
            directory: configuration.dataDirectory + "/recordings", desktop: desktop, processes: processes,
            environment: Foundation.ProcessInfo.processInfo.environment, limits: configuration.recordingLimits,
            logger: logger)
        let owner = DesktopOwner()
        let sessionDesktop = SessionDesktop(
            manager: desktop, executable: Self.executable, endpoint: endpoint, token: configuration.token, owner: owner,
            recordings: recordings)
        SessionRoutes(sessions: sessions, desktop: sessionDesktop, screenshots: screenshots, jsonLimit: configuration.maxJSONBodyBytes)
            .register(on: routes)
        let agentRoutes = AgentRoutes(agents: agents, provider: provider, sessions: sessions, jsonLimit: configuration.maxJSONBodyBytes)
        ACPRelayRoutes(
            sessions: sessions, agents: agentRoutes, jsonLimit: configuration.maxJSONBodyBytes, requestTimeout: configuration.acpRequestTimeout
        ).register(on: routes)
        agentRoutes.register(on: routes)
        let desktopRoutes = DesktopRouteTable(
            routes: routes,
            recording: DesktopActionRecording(sessions: sessions, screenshots: screenshots, jsonLimit: configuration.maxJSONBodyBytes))
        DesktopRoutes(manager: desktop, jsonLimit: configuration.maxJSONBodyBytes).register(on: desktopRoutes)
        DesktopStreamRoutes(manager: desktop, stream: DesktopStream(), sessions: sessions, screenshots: screenshots, owner: owner)
            .register(on: desktopRoutes)
        DesktopRecordingRoutes(recordings: recordings, jsonLimit: configuration.maxJSONBodyBytes).register(on: desktopRoutes)
        DesktopMCPRoutes(
            server: DesktopMCPServer(runner: DesktopToolRunner(manager: desktop), version: SandboxAgentVersion.current), sessions: sessions,
            screenshots: screenshots, jsonLimit: configuration.maxJSONBodyBytes
        ).register(on: routes)
        return (router, routes.entries)
    }
}
