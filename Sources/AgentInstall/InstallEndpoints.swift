/// The base URLs of the distribution sources; each can be pointed elsewhere (a mirror, a test
/// fixture) through the environment.
public struct InstallEndpoints: Sendable, Equatable {
    /// `SANDBOX_AGENT_NPM_REGISTRY_URL`, default `https://registry.npmjs.org`.
    public var npmRegistry: String
    /// `SANDBOX_AGENT_GITHUB_API_URL`, default `https://api.github.com`.
    public var githubAPI: String
    /// `SANDBOX_AGENT_ACP_REGISTRY_URL`, default the ACP registry's `registry.json` on its CDN.
    public var acpRegistry: String

    public init(npmRegistry: String, githubAPI: String, acpRegistry: String) {
        self.npmRegistry = Self.trimmed(npmRegistry)
        self.githubAPI = Self.trimmed(githubAPI)
        self.acpRegistry = acpRegistry
    }

    /// The endpoints `environment` selects.
    public static func from(environment: [String: String]) -> InstallEndpoints {
        func value(_ name: String, _ fallback: String) -> String {
            environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
        }
        return InstallEndpoints(
            npmRegistry: value("SANDBOX_AGENT_NPM_REGISTRY_URL", "https://registry.npmjs.org"),
            githubAPI: value("SANDBOX_AGENT_GITHUB_API_URL", "https://api.github.com"),
            acpRegistry: value("SANDBOX_AGENT_ACP_REGISTRY_URL", "https://cdn.agentclientprotocol.com/registry/v1/latest/registry.json"))
    }

    private static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
