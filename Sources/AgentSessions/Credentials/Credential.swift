import Foundation

/// One provider credential found on this machine.
public struct Credential: Codable, Sendable, Equatable {
    /// How the provider accepts it.
    public enum Kind: String, Codable, Sendable {
        case apiKey = "api_key"
        case oauth
    }

    /// `anthropic`, `openai`, `amp`, `cursor`, or an OpenCode provider id.
    public var provider: String
    public var kind: Kind
    /// Where it was found: `env:ANTHROPIC_API_KEY`, `~/.claude.json`, …
    public var source: String
    public var value: String
    /// Epoch milliseconds, for OAuth tokens that say.
    public var expiresAtMs: Int64?

    /// The environment variables an agent reads this credential from. OAuth tokens are never
    /// exported as API keys (API-key auth rejects them): Anthropic's go to CLAUDE_CODE_OAUTH_TOKEN,
    /// other providers' OAuth tokens have no variable.
    public var variables: [String] {
        switch (provider, kind) {
        case ("anthropic", .apiKey): ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY"]
        case ("anthropic", .oauth): ["CLAUDE_CODE_OAUTH_TOKEN"]
        case ("openai", .apiKey): ["OPENAI_API_KEY", "CODEX_API_KEY"]
        case (_, .oauth): []
        case (let provider, .apiKey): [provider.uppercased().replacingOccurrences(of: "-", with: "_") + "_API_KEY"]
        }
    }

    /// The value with all but its first and last four characters hidden.
    public var masked: String {
        guard value.count > 12 else { return String(repeating: "*", count: value.count) }
        return "\(value.prefix(8))…\(value.suffix(4))"
    }
}
