/// The version of this build, reported by `--version`, `/` and `/v1/health`.
public enum SandboxAgentVersion {
    public static let current = "0.1.0"
}
