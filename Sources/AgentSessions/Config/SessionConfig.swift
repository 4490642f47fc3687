public import ACP
public import FileSystem
public import ProcessRuntime
public import SandboxAgentAPI

/// What the configuration of a session's directory added to it, reported in the transcript as
/// `_sandboxagent/session/config_applied`.
public struct AppliedSessionConfig: Sendable {
    /// The session's own `mcpServers` followed by the configured ones it does not name itself.
    public var mcpServers: JSONValue
    /// Names of the configured MCP servers given to the agent.
    public var configuredServers: [String] = []
    /// Skills put where the agent reads them.
    var skills: [SkillInstaller.Installed] = []
    /// Every problem (a skill that could not be fetched, an unreadable file, a missing variable).
    public var errors: [String] = []
    /// Whether the directory has any configuration (else there is nothing to report).
    public var hasConfiguration = false

    /// The params of the `config_applied` notification; `sessionId` names the ACP session on a
    /// relay, which carries several.
    public func notification(sessionId: String? = nil) -> SessionConfigAppliedParams {
        SessionConfigAppliedParams(
            mcpServers: configuredServers, skills: skills.map { .init(name: $0.name, source: $0.source, path: $0.path) }, errors: errors,
            sessionId: sessionId)
    }
}

/// Applies a directory's MCP and skills configuration (``DirectoryConfigStore``) to a session
/// started there: MCP servers join the session's `mcpServers` (the session's own win on a name
/// clash) and skills are fetched into the agent's skills directory. Never fails the session:
/// problems become `errors`.
public struct SessionConfigApplier: Sendable {
    let store: DirectoryConfigStore
    let processes: ProcessManager
    let files: FileSystemService

    public init(store: DirectoryConfigStore, processes: ProcessManager, files: FileSystemService) {
        self.store = store
        self.processes = processes
        self.files = files
    }

    /// Where an agent with `driver` reads project skills, relative to its cwd: Claude Code
    /// `.claude/skills`; Codex and other agents the Agent Skills standard's `.agents/skills`.
    public static func skillsDirectory(for driver: AgentDefinition.Driver) -> String {
        driver == .claudeCode ? ".claude/skills" : ".agents/skills"
    }

    /// The configuration of `cwd` for a session whose own servers are `ownServers`.
    /// - Parameters:
    ///   - installSkills: fetch skills (on creation; a resumed session keeps what it has).
    ///   - environment: where `bearerTokenEnvVar` and `envHeaders` are looked up.
    public func apply(
        cwd: String, driver: AgentDefinition.Driver, ownServers: JSONValue, installSkills: Bool, environment: [String: String]
    ) async -> AppliedSessionConfig {
        let own = ownServers.arrayValue ?? []
        var applied = AppliedSessionConfig(mcpServers: .array(own))
        let ownNames = Set(own.compactMap { $0["name"]?.stringValue })
        if let servers = read(DirectoryConfigStore.mcp, cwd: cwd, into: &applied) {
            var merged = own
            for (name, server) in servers.sorted(by: { $0.key < $1.key }) where server.isEnabled && !ownNames.contains(name) {
                let (entry, warnings) = server.acpServer(named: name, environment: environment)
                merged.append(entry)
                applied.configuredServers.append(name)
                applied.errors += warnings
            }
            applied.mcpServers = .array(merged)
        }
        if let skills = read(DirectoryConfigStore.skills, cwd: cwd, into: &applied), installSkills {
            let destination = (cwd == "/" ? "" : cwd) + "/" + Self.skillsDirectory(for: driver)
            let result = await SkillInstaller(processes: processes, files: files).install(skills, into: destination)
            applied.skills = result.installed
            applied.errors += result.errors
        }
        return applied
    }

    /// The entries of one file, nil when there are none; a directory outside `--fs-root` has none.
    private func read<Entry: Codable & Sendable>(_ file: DirectoryConfigStore.File<Entry>, cwd: String, into applied: inout AppliedSessionConfig) -> [String: Entry]? {
        do {
            let entries = try store.entries(file, directory: cwd)
            guard !entries.isEmpty else { return nil }
            applied.hasConfiguration = true
            return entries
        } catch let error as FileSystemError where error.code == .outsideRoot {
            return nil
        } catch {
            applied.hasConfiguration = true
            applied.errors.append("\(file.name): \(error)")
            return nil
        }
    }
}
