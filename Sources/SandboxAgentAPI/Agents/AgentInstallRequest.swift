/// Body of `POST /v1/agents/{agent}/install` (`AgentInstallRequest`); `agentProcessVersion` is
/// accepted for upstream clients and means the same as `agentVersion` here (one artifact per agent).
public struct AgentInstallRequest: Codable, Sendable, Equatable {
    /// Install even when installed (default false).
    public var reinstall: Bool?
    /// The version to install; nil for the latest.
    public var agentVersion: String?
    public var agentProcessVersion: String?

    public init(reinstall: Bool? = nil, agentVersion: String? = nil, agentProcessVersion: String? = nil) {
        self.reinstall = reinstall
        self.agentVersion = agentVersion
        self.agentProcessVersion = agentProcessVersion
    }

    /// The version asked for, under either name.
    public var version: String? { agentVersion ?? agentProcessVersion }
}
