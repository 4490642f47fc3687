import Foundation

/// Finds provider credentials the way the agents themselves would: keys in the environment first,
/// then the agents' own login files (Claude, Codex, Amp, OpenCode, Pi). Expired OAuth tokens are
/// skipped (Claude's `expiresAt` is epoch milliseconds); `allowOAuth: false` skips OAuth entirely.
public struct CredentialExtractor: Sendable {
    public var environment: [String: String]
    public var homeDirectory: String
    public var allowOAuth: Bool
    public var nowMs: Int64

    public init(environment: [String: String], homeDirectory: String, allowOAuth: Bool = true, nowMs: Int64? = nil) {
        self.environment = environment
        self.homeDirectory = homeDirectory
        self.allowOAuth = allowOAuth
        self.nowMs = nowMs ?? Int64(Date().timeIntervalSince1970 * 1000)
    }

    /// One credential per provider, the first found in the documented order.
    public func extract() -> [Credential] {
        var found: [Credential] = []
        func add(_ credential: Credential?) {
            guard let credential, !found.contains(where: { $0.provider == credential.provider }) else { return }
            found.append(credential)
        }
        add(anthropic())
        add(openAI())
        add(fromEnvironment("AMP_API_KEY", provider: "amp") ?? apiKey(in: "\(configHome)/amp-acp/credentials.json", at: ["apiKey"], provider: "amp"))
        add(fromEnvironment("CURSOR_API_KEY", provider: "cursor"))
        for name in ["GEMINI_API_KEY", "OPENROUTER_API_KEY"] {
            add(fromEnvironment(name, provider: name.dropLast("_API_KEY".count).lowercased()))
        }
        for credential in openCode() { add(credential) }
        return found
    }

    /// Whether the providers agent `id` needs have a credential (agents needing none: true).
    public func available(for id: String) -> Bool {
        let providers = Set(extract().map(\.provider))
        switch id {
        case "claude", "amp": return providers.contains("anthropic") || (id == "amp" && providers.contains("amp"))
        case "codex": return providers.contains("openai")
        case "opencode": return !providers.isEmpty
        default: return true
        }
    }

    // MARK: Providers

    private func anthropic() -> Credential? {
        if let key = fromEnvironment("ANTHROPIC_API_KEY", provider: "anthropic") ?? fromEnvironment("CLAUDE_API_KEY", provider: "anthropic") {
            return key
        }
        if allowOAuth {
            for name in ["CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_AUTH_TOKEN"] {
                if let value = nonEmpty(environment[name]) {
                    return Credential(provider: "anthropic", kind: .oauth, source: "env:\(name)", value: value)
                }
            }
        }
        let claudeConfig = nonEmpty(environment["CLAUDE_CONFIG_DIR"]) ?? homeDirectory + "/.claude"
        for file in [homeDirectory + "/.claude.json.api", homeDirectory + "/.claude.json"] {
            for key in ["primaryApiKey", "apiKey", "anthropicApiKey", "customApiKey"] {
                if let value = string(in: file, at: [key]), value.hasPrefix("sk-ant-") {
                    return Credential(provider: "anthropic", kind: .apiKey, source: display(file), value: value)
                }
            }
        }
        guard allowOAuth else { return nil }
        for file in [claudeConfig + "/.credentials.json", homeDirectory + "/.claude-oauth-credentials.json"] {
            guard let token = string(in: file, at: ["claudeAiOauth", "accessToken"]) else { continue }
            let expires = number(in: file, at: ["claudeAiOauth", "expiresAt"])
            if let expires, expires <= nowMs { continue }
            return Credential(provider: "anthropic", kind: .oauth, source: display(file), value: token, expiresAtMs: expires)
        }
        return nil
    }

    private func openAI() -> Credential? {
        if let key = fromEnvironment("OPENAI_API_KEY", provider: "openai") ?? fromEnvironment("CODEX_API_KEY", provider: "openai") {
            return key
        }
        let auth = (nonEmpty(environment["CODEX_HOME"]) ?? homeDirectory + "/.codex") + "/auth.json"
        if let key = apiKey(in: auth, at: ["OPENAI_API_KEY"], provider: "openai") { return key }
        if allowOAuth, let token = string(in: auth, at: ["tokens", "access_token"]) {
            return Credential(provider: "openai", kind: .oauth, source: display(auth), value: token)
        }
        return nil
    }

    /// OpenCode's providers (`auth.json`: `{"<id>": {"type": "api", "key"} | {"type": "oauth", "access", "expires"}}`).
    private func openCode() -> [Credential] {
        let file = (nonEmpty(environment["XDG_DATA_HOME"]) ?? homeDirectory + "/.local/share") + "/opencode/auth.json"
        guard let object = json(file) else { return [] }
        return object.keys.sorted().compactMap { provider -> Credential? in
            guard let entry = object[provider] as? [String: Any] else { return nil }
            switch entry["type"] as? String {
            case "api":
                return nonEmpty(entry["key"] as? String).map { Credential(provider: provider, kind: .apiKey, source: display(file), value: $0) }
            case "oauth" where allowOAuth:
                let expires = (entry["expires"] as? NSNumber)?.int64Value
                guard let access = nonEmpty(entry["access"] as? String), (expires ?? Int64.max) > nowMs else { return nil }
                return Credential(provider: provider, kind: .oauth, source: display(file), value: access, expiresAtMs: expires)
            default:
                return nil
            }
        }
    }

    // MARK: Reading

    private var configHome: String { nonEmpty(environment["XDG_CONFIG_HOME"]) ?? homeDirectory + "/.config" }

    private func fromEnvironment(_ name: String, provider: String) -> Credential? {
        nonEmpty(environment[name]).map { Credential(provider: provider, kind: .apiKey, source: "env:\(name)", value: $0) }
    }

    private func apiKey(in file: String, at path: [String], provider: String) -> Credential? {
        string(in: file, at: path).map { Credential(provider: provider, kind: .apiKey, source: display(file), value: $0) }
    }

    private func json(_ file: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    private func value(in file: String, at path: [String]) -> Any? {
        var value: Any? = json(file)
        for key in path { value = (value as? [String: Any])?[key] }
        return value
    }

    private func string(in file: String, at path: [String]) -> String? { nonEmpty(value(in: file, at: path) as? String) }

    private func number(in file: String, at path: [String]) -> Int64? { (value(in: file, at: path) as? NSNumber)?.int64Value }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }

    /// A path shown with `~` for the home directory.
    private func display(_ path: String) -> String {
        path.hasPrefix(homeDirectory + "/") ? "~" + path.dropFirst(homeDirectory.count) : path
    }
}
