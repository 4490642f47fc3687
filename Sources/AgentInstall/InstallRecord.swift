import SandboxAgentAPI

/// What the installer put in place for one agent, kept as `<data>/agents/<agent>/install.json`.
public struct InstallRecord: Codable, Sendable, Equatable {
    public var agent: String
    public var version: String
    /// `npm <package>@<version>`, `github <repo>@<tag>`, `acp-registry <id>@<version>`.
    public var source: String
    /// The entry in the install directory agent discovery finds (symlink or launcher script).
    public var command: String
    /// The unpacked files; nil for an `npx` launcher.
    public var directory: String?
    /// `native_cli` for an agent's own CLI, `agent_process` for an ACP adapter.
    public var kind: String
    /// Epoch milliseconds.
    public var installedAt: Int64
}

extension AgentInstallResponse {
    /// The answer for one installed record.
    init(alreadyInstalled: Bool, record: InstallRecord) {
        self.init(
            alreadyInstalled: alreadyInstalled,
            artifacts: [Artifact(kind: record.kind, path: record.command, source: record.source, version: record.version)])
    }
}

/// Options of one install.
public struct InstallOptions: Sendable, Equatable {
    /// Install even when an install of the wanted version is in place.
    public var reinstall: Bool
    /// The version to install; nil for the latest.
    public var version: String?
    /// The whole install (waiting for another install of the agent included) must finish within
    /// this, else it fails with `install_source_unavailable`; nil: no total limit (each request
    /// still has the installer's connect and read timeouts).
    public var deadline: Duration?

    public init(reinstall: Bool = false, version: String? = nil, deadline: Duration? = nil) {
        self.reinstall = reinstall
        self.version = version
        self.deadline = deadline
    }
}

/// What an install is doing, for progress bars and logs.
public enum InstallProgress: Sendable, Equatable {
    /// Asking the source which version to get.
    case resolving(source: String)
    /// Bytes received so far, of `total` when known.
    case downloading(received: Int64, total: Int64?)
    case unpacking
    case installed(version: String, path: String)
}
