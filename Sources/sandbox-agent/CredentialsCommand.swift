import AgentSessions
import ArgumentParser
import Foundation

/// `sandbox-agent credentials extract|extract-env`: the provider credentials agents would find here.
struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Show or export the provider credentials found in the environment and the agents' login files.",
        subcommands: [CredentialsExtractCommand.self, CredentialsExtractEnvCommand.self])
}

/// Options shared by both subcommands.
struct CredentialSearchOptions: ParsableArguments {
    @Option(name: [.customShort("d"), .long], help: ArgumentHelp("Home directory to read login files from.", valueName: "dir"))
    var homeDir: String?

    @Flag(name: .customLong("no-oauth"), help: "Ignore OAuth tokens (API keys only).")
    var noOAuth = false

    func extract() -> [Credential] {
        let environment = Foundation.ProcessInfo.processInfo.environment
        let home = homeDir ?? environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return CredentialExtractor(environment: environment, homeDirectory: home, allowOAuth: !noOAuth).extract()
    }
}

struct CredentialsExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "List the credentials found, one per provider, with where each came from (values masked).",
        discussion: """
            Looks at ANTHROPIC_API_KEY, CLAUDE_API_KEY, CLAUDE_CODE_OAUTH_TOKEN, ANTHROPIC_AUTH_TOKEN, \
            OPENAI_API_KEY, CODEX_API_KEY, AMP_API_KEY, CURSOR_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, \
            then ~/.claude.json, ~/.claude/.credentials.json (CLAUDE_CONFIG_DIR), ~/.codex/auth.json \
            (CODEX_HOME), ~/.config/amp-acp/credentials.json and OpenCode's auth.json. Expired OAuth \
            tokens are skipped.
            """)

    @OptionGroup var search: CredentialSearchOptions

    @Option(name: [.customShort("a"), .long], help: "Only the credential this agent uses (claude, codex, amp, …).")
    var agent: String?

    @Flag(name: [.customShort("r"), .long], help: "Print the values in full.")
    var reveal = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        var credentials = search.extract()
        if let agent {
            let wanted = ["claude": ["anthropic"], "amp": ["amp", "anthropic"], "codex": ["openai"]][agent]
            if let wanted { credentials = credentials.filter { wanted.contains($0.provider) } }
        }
        if !reveal { credentials = credentials.map { var masked = $0; masked.value = $0.masked; return masked } }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(credentials), as: UTF8.self))
            return
        }
        if credentials.isEmpty {
            print("No credentials found.")
            return
        }
        for credential in credentials {
            let exported = credential.variables.isEmpty ? "not exported" : credential.variables.joined(separator: ", ")
            print("\(credential.provider)\t\(credential.kind.rawValue)\t\(credential.value)\t\(credential.source)\t(\(exported))")
        }
    }
}

struct CredentialsExtractEnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract-env",
        abstract: "Print the credentials as shell assignments, values single-quoted.",
        discussion: """
            Typical use: eval "$(sandbox-agent credentials extract-env --export)" before starting \
            the server, so agents inherit the keys. Anthropic OAuth tokens are exported as \
            CLAUDE_CODE_OAUTH_TOKEN, never as an API key; other OAuth tokens are not exported.
            """)

    @OptionGroup var search: CredentialSearchOptions

    @Flag(name: [.customShort("e"), .long], help: "Prefix each line with `export `.")
    var export = false

    func run() async throws {
        for credential in search.extract() {
            for variable in credential.variables {
                print("\(export ? "export " : "")\(variable)=\(Self.shellQuoted(credential.value))")
            }
        }
    }

    /// `'value'` with embedded single quotes as `'\''`.
    static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
