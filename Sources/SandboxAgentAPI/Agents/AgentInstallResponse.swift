/// `POST /v1/agents/{agent}/install`'s answer (upstream's `AgentInstallResponse`).
public struct AgentInstallResponse: Codable, Sendable, Equatable {
    /// One thing installed.
    public struct Artifact: Codable, Sendable, Equatable {
        /// `native_cli` for an agent's own CLI, `agent_process` for an ACP adapter.
        public var kind: String
        public var path: String
        public var source: String
        public var version: String?

        public init(kind: String, path: String, source: String, version: String? = nil) {
            self.kind = kind
            self.path = path
            self.source = source
            self.version = version
        }
    }

    /// Snake case, as upstream spells it.
    public var alreadyInstalled: Bool
    public var artifacts: [Artifact]

    enum CodingKeys: String, CodingKey {
        case alreadyInstalled = "already_installed"
        case artifacts
    }

    public init(alreadyInstalled: Bool, artifacts: [Artifact]) {
        self.alreadyInstalled = alreadyInstalled
        self.artifacts = artifacts
    }
}
