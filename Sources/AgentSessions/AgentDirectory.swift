import ACP
import AgentInstall
import Foundation
import MockAgent
public import ProcessRuntime
public import SandboxAgentAPI

/// The query options of `GET /v1/agents` and `GET /v1/agents/{agent}` (upstream's `AgentsQuery`).
public struct AgentQuery: Sendable {
    /// Include `configOptions` (`config=true`).
    public var config: Bool
    /// Ask the binaries again instead of using cached versions (`no_cache=true`).
    public var noCache: Bool
    public init(config: Bool = false, noCache: Bool = false) {
        self.config = config
        self.noCache = noCache
    }
}

/// Builds `AgentInfo`s from the catalog and this machine: credentials from the environment and
/// the agents' credential files, versions by asking the binaries (`--version`, cached per path).
public actor AgentDirectory {
    private let provider: AgentProvider
    private let processes: ProcessManager
    private let environment: [String: String]
    private let homeDirectory: String
    private let codexSandbox: CodexSandbox?
    private var versions: [String: String] = [:]

    /// - Parameter codexSandbox: the sessions' Codex sandbox probe, to report it (nil: not reported).
    public init(
        provider: AgentProvider, processes: ProcessManager, environment: [String: String], homeDirectory: String, codexSandbox: CodexSandbox? = nil
    ) {
        self.provider = provider
        self.processes = processes
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.codexSandbox = codexSandbox
    }

    /// Every known agent (upstream's ids and the custom ones), sorted by id.
    public func list(_ query: AgentQuery = AgentQuery()) async -> [AgentInfo] {
        let catalog = await provider.catalog
        let ids = Set(AgentCatalog.knownAgentIDs).union(catalog.definitions.keys).sorted()
        if query.noCache { versions.removeAll() }
        var infos: [AgentInfo] = []
        for id in ids { infos.append(await info(id, in: catalog, query: query)) }
        return infos
    }

    /// One agent; throws `unsupportedAgent` for an id nobody knows.
    public func agent(_ id: String, _ query: AgentQuery = AgentQuery()) async throws(AgentSessionError) -> AgentInfo {
        let catalog = await provider.catalog
        guard AgentCatalog.knownAgentIDs.contains(id) || catalog.definitions[id] != nil else {
            _ = try catalog.definition(id)  // throws the "unknown agent" error listing the known ones
            throw AgentSessionError(.unsupportedAgent, "unknown agent '\(id)'")
        }
        if query.noCache, let command = catalog.definitions[id]?.command { versions[command] = nil }
        return await info(id, in: catalog, query: query)
    }

    private func info(_ id: String, in catalog: AgentCatalog, query: AgentQuery) async -> AgentInfo {
        let definition = catalog.definitions[id]
        var info = AgentInfo(
            id: id, installed: definition != nil, credentialsAvailable: CredentialExtractor(environment: environment, homeDirectory: homeDirectory).available(for: id),
            driver: definition.map { ($0.driver ?? .acp).rawValue }, path: definition?.command,
            capabilities: Self.capabilities(for: id, driver: definition?.driver))
        (info.modes, info.models) = Self.choices(for: definition?.driver)
        if query.config { info.configOptions = Self.configOptions(for: id, driver: definition?.driver) }
        let record = provider.installer.record(for: id)
        if let definition, id != "mock" {
            // An agent the installer put in place: its recorded version (launchers may not know `--version`).
            info.version = record?.command == definition.command ? record?.version : await version(of: definition.command)
        }
        if let definition, definition.driver == .codex, let codexSandbox {
            let env = processes.environment.merging(definition.env ?? [:]) { $1 }
            let status = await codexSandbox.prepare(executable: definition.command, environment: env, processes: processes).status
            info.sandbox = AgentInfo.Sandbox(
                available: status.available, reason: status.reason, remedy: status.available ? nil : CodexSandbox.Status.remedy)
        }
        if definition == nil {
            let installable = provider.installer.package(for: id) != nil
            info.configError = installable
                ? "not installed: run `sandbox-agent install-agent \(id)` or POST /v1/agents/\(id)/install (or it is installed on first use)"
                : "not installed: no \(id) binary found (install it, put it on PATH, or declare it in the agents file)"
        }
        return info
    }

    /// `<binary> --version`, first line, at most 5 s; cached.
    private func version(of path: String) async -> String? {
        if let cached = versions[path] { return cached }
        let result = try? await processes.run(ProcessRunRequest(command: path, args: ["--version"], timeoutMs: 5000), owner: .system)
        guard let result, result.exitCode == 0,
              let line = result.stdout.split(separator: "\n").first.map(String.init), !line.isEmpty
        else { return nil }
        versions[path] = line
        return line
    }

    /// The native drivers' fixed modes and models.
    static func choices(for driver: AgentDefinition.Driver?) -> (modes: [AgentInfo.Choice]?, models: [AgentInfo.Choice]?) {
        switch driver {
        case .claudeCode?:
            (ClaudeCodeAgent.modes.map { .init(id: $0.id, name: $0.name) }, ClaudeCodeAgent.models.map { .init(id: $0.value, name: $0.name) })
        case .codex?:
            (CodexRequests.modes.map { .init(id: $0.id, name: $0.name) }, nil)
        default:
            (nil, nil)
        }
    }

    /// The `SessionConfigOption`s a new session starts with, for the agents whose options are known
    /// without starting them (the native drivers' tables, the built-in mock's profile); nil otherwise.
    static func configOptions(for id: String, driver: AgentDefinition.Driver?) -> [JSONValue]? {
        if id == "mock", driver == nil || driver == .acp { return MockAgent.configOptions }
        let (modes, models) = choices(for: driver)
        var options: [JSONValue] = []
        if let models {
            options.append(select("model", "Model", current: driver == .claudeCode ? "default" : models.first?.id, models))
        }
        if let modes {
            options.append(select("mode", "Mode", current: driver == .codex ? CodexRequests.defaultMode : modes.first?.id, modes))
        }
        return options.isEmpty ? nil : options
    }

    private static func select(_ id: String, _ name: String, current: String?, _ choices: [AgentInfo.Choice]) -> JSONValue {
        [
            "id": .string(id), "name": .string(name), "category": .string(id), "type": "select",
            "currentValue": current.map(JSONValue.string) ?? .null,
            "options": .array(choices.map { ["value": .string($0.id), "name": .string($0.name)] }),
        ]
    }

    /// Upstream's capability flags, for what each driver delivers.
    static func capabilities(for id: String, driver: AgentDefinition.Driver?) -> [String: Bool] {
        var flags: [String: Bool] = [
            "planMode": false, "permissions": true, "questions": false, "toolCalls": true, "toolResults": true,
            "textMessages": true, "images": false, "fileAttachments": false, "sessionLifecycle": true, "errorEvents": true,
            "reasoning": false, "status": true, "commandExecution": false, "fileChanges": false, "mcpTools": false,
            "streamingDeltas": true, "itemStarted": false, "sharedProcess": false,
        ]
        switch (id, driver) {
        case ("claude", .claudeCode?):
            for key in ["planMode", "images", "fileAttachments", "reasoning", "commandExecution", "fileChanges", "mcpTools"] { flags[key] = true }
        case ("codex", .codex?):
            for key in ["images", "reasoning", "commandExecution", "fileChanges", "itemStarted"] { flags[key] = true }
        case ("mock", _):
            for key in ["planMode", "reasoning", "commandExecution", "fileChanges"] { flags[key] = true }
        default:
            break
        }
        return flags
    }
}
