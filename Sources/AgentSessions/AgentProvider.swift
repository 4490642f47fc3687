public import AgentInstall
public import Logging
public import SandboxAgentAPI

/// Which agents can run here, kept current as agents get installed: the catalog is discovered
/// again after each install. A known agent that is missing is installed on first use, unless the
/// server requires agents to be installed beforehand (`SANDBOX_AGENT_REQUIRE_PREINSTALL`).
public actor AgentProvider {
    /// The agents found at the last discovery.
    public private(set) var catalog: AgentCatalog
    public nonisolated let installer: AgentInstaller
    private let discover: @Sendable () throws(AgentSessionError) -> AgentCatalog
    private let requirePreinstall: Bool
    /// The longest an install on first use may hold up the request that needs the agent.
    private let installDeadline: Duration
    private let logger: Logger

    /// - Parameter discover: builds the catalog from this machine; called now and after each install.
    public init(
        installer: AgentInstaller, requirePreinstall: Bool, installDeadline: Duration = .seconds(60), logger: Logger,
        discover: @escaping @Sendable () throws(AgentSessionError) -> AgentCatalog
    ) throws(AgentSessionError) {
        catalog = try discover()
        self.installer = installer
        self.discover = discover
        self.requirePreinstall = requirePreinstall
        self.installDeadline = installDeadline
        self.logger = logger
    }

    /// The definition of `id`, installing the agent first when it is known, missing and allowed.
    public func definition(_ id: String) async throws(AgentSessionError) -> AgentDefinition {
        if let definition = catalog.definitions[id] { return definition }
        guard installer.package(for: id) != nil else { return try catalog.definition(id) }
        if requirePreinstall {
            throw AgentSessionError(
                .agentNotInstalled,
                "agent '\(id)' is not installed and SANDBOX_AGENT_REQUIRE_PREINSTALL is set: run `sandbox-agent install-agent \(id)` first")
        }
        logger.info("installing a missing agent on first use", metadata: ["agent": "\(id)"])
        _ = try await install(id, options: InstallOptions(deadline: installDeadline))
        return try catalog.definition(id)
    }

    /// Installs `id` and discovers the agents again.
    public func install(
        _ id: String, options: InstallOptions, progress: @escaping @Sendable (InstallProgress) -> Void = { _ in }
    ) async throws(AgentSessionError) -> AgentInstallResponse {
        let result: AgentInstallResponse
        do {
            result = try await installer.install(id, options: options, progress: progress)
        } catch {
            let code: AgentSessionError.Code =
                switch error.code {
                case .notInstallable: .unsupportedAgent
                case .invalidRequest: .invalidRequest
                case .sourceUnavailable: .installSourceUnavailable
                case .versionNotFound: .agentVersionNotFound
                default: .installFailed
                }
            throw AgentSessionError(code, error.message, details: ["agent": id])
        }
        catalog = try discover()
        return result
    }
}
