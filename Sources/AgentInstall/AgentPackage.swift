/// Where one agent's executable comes from and the name it gets in the install directory.
public struct AgentPackage: Sendable, Equatable {
    /// A distribution channel (agent-protocols §2).
    public enum Source: Sendable, Equatable {
        /// An npm package whose tarball holds a self-contained binary at `binary` (under `package/`).
        case npm(package: String, binary: String)
        /// A GitHub release asset (`.tar.gz` holding `binary`); tags are `tagPrefix + version`.
        case githubRelease(repository: String, tagPrefix: String, asset: String, binary: String)
        /// An entry of the ACP registry: a binary archive for this platform, or an `npx` package.
        case acpRegistry(id: String)
    }

    /// The agent id clients use (`claude`, `amp`, …).
    public var agent: String
    public var source: Source
    /// The file name in the install directory, which agent discovery looks for.
    public var command: String

    /// The agents this server can install, for `platform`.
    public static func known(for platform: HostPlatform) -> [AgentPackage] {
        [
            AgentPackage(agent: "claude", source: .npm(package: "@anthropic-ai/claude-code-" + platform.npmSuffix, binary: "claude"), command: "claude"),
            AgentPackage(
                agent: "codex",
                source: .githubRelease(
                    repository: "openai/codex", tagPrefix: "rust-v", asset: "codex-\(platform.muslTarget).tar.gz",
                    binary: "codex-\(platform.muslTarget)"),
                command: "codex"),
            AgentPackage(
                agent: "opencode",
                source: .githubRelease(
                    repository: "anomalyco/opencode", tagPrefix: "v", asset: "opencode-\(platform.npmSuffix).tar.gz", binary: "opencode"),
                command: "opencode"),
            AgentPackage(agent: "amp", source: .acpRegistry(id: "amp-acp"), command: "amp-acp"),
            AgentPackage(agent: "cursor", source: .acpRegistry(id: "cursor"), command: "cursor-acp"),
            AgentPackage(agent: "pi", source: .acpRegistry(id: "pi-acp"), command: "pi-acp"),
            AgentPackage(agent: "gemini", source: .acpRegistry(id: "gemini"), command: "gemini-acp"),
        ]
    }

    /// Where it comes from, for people: `npm @anthropic-ai/claude-code-linux-x64`, …
    public var sourceDescription: String {
        switch source {
        case .npm(let package, _): "npm \(package)"
        case .githubRelease(let repository, _, let asset, _): "github \(repository) \(asset)"
        case .acpRegistry(let id): "acp-registry \(id)"
        }
    }
}
