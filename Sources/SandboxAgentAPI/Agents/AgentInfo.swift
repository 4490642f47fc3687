public import ACP

/// What `GET /v1/agents` says about one agent (`AgentInfo`): whether it can run here, which
/// binary and version, whether credentials are available, and what it supports.
public struct AgentInfo: Codable, Sendable, Equatable {
    public var id: String
    public var installed: Bool
    public var credentialsAvailable: Bool
    /// How the server drives it: `acp` (stdio) or a native driver (`claude-code`, `codex`).
    public var driver: String?
    public var path: String?
    public var version: String?
    public var capabilities: [String: Bool]
    /// The session modes the driver offers, where known before a session runs.
    public var modes: [Choice]?
    /// The models the driver offers, where known before a session runs (Codex lists its models
    /// per session, from the CLI).
    public var models: [Choice]?
    /// Why it is not usable, when it is not.
    public var configError: String?
    /// Whether ACP servers (`/v1/acp/{server_id}`) of this agent run now; absent when none does.
    public var serverStatus: ServerStatus?
    /// With `?config=true`: the ACP `SessionConfigOption`s a new session starts with (`model`,
    /// `mode` selects), where known without starting the agent.
    public var configOptions: [JSONValue]?
    /// Codex's command sandbox on this machine (the native Codex driver only).
    public var sandbox: Sandbox?

    public init(
        id: String, installed: Bool, credentialsAvailable: Bool, driver: String? = nil, path: String? = nil,
        version: String? = nil, capabilities: [String: Bool], modes: [Choice]? = nil, models: [Choice]? = nil,
        configError: String? = nil, serverStatus: ServerStatus? = nil, configOptions: [JSONValue]? = nil,
        sandbox: Sandbox? = nil
    ) {
        self.id = id
        self.installed = installed
        self.credentialsAvailable = credentialsAvailable
        self.driver = driver
        self.path = path
        self.version = version
        self.capabilities = capabilities
        self.modes = modes
        self.models = models
        self.configError = configError
        self.serverStatus = serverStatus
        self.configOptions = configOptions
        self.sandbox = sandbox
    }

    /// Whether an agent's own command sandbox works here, why not, and what to do.
    public struct Sandbox: Codable, Sendable, Equatable {
        public var available: Bool
        public var reason: String?
        public var remedy: String?

        public init(available: Bool, reason: String? = nil, remedy: String? = nil) {
            self.available = available
            self.reason = reason
            self.remedy = remedy
        }
    }

    /// A mode or model: its id and name.
    public struct Choice: Codable, Sendable, Equatable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// Upstream's `ServerStatusInfo`: `running` with the uptime of the oldest running server.
    public struct ServerStatus: Codable, Sendable, Equatable {
        public var status: String
        public var uptimeMs: Int64?
        public init(status: String, uptimeMs: Int64?) {
            self.status = status
            self.uptimeMs = uptimeMs
        }
    }
}

/// `GET /v1/agents`.
public struct AgentListResponse: Codable, Sendable, Equatable {
    public var agents: [AgentInfo]
    public init(agents: [AgentInfo]) { self.agents = agents }
}

