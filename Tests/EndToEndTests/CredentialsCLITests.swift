import Foundation
import Testing

@Suite("sandbox-agent credentials")
struct CredentialsCLITests {
    /// A home directory with the given files (relative path → contents).
    private func home(_ files: [String: String]) throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sa-cred-\(UUID().uuidString)")
        for (path, contents) in files {
            let url = home.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        return home
    }

    /// The environment of the command: only HOME and what the test sets (no keys of the machine).
    private func environment(home: URL, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["HOME": home.path]
        for name in ["ANTHROPIC_API_KEY", "CLAUDE_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_AUTH_TOKEN", "OPENAI_API_KEY", "CODEX_API_KEY",
                     "AMP_API_KEY", "CURSOR_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY", "CLAUDE_CONFIG_DIR", "CODEX_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"] {
            environment[name] = ""
        }
        environment.merge(extra) { $1 }
        return environment
    }

    @Test func extractEnvQuotesValuesAndKeepsOAuthOutOfAPIKeys() async throws {
        let future = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
        let home = try home([
            ".claude/.credentials.json": #"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-token","expiresAt":\#(future)}}"#,
            ".codex/auth.json": #"{"OPENAI_API_KEY":null,"tokens":{"access_token":"chatgpt-token"}}"#,
            ".local/share/opencode/auth.json": #"{"groq":{"type":"api","key":"gsk-it's"}}"#,
        ])
        defer { try? FileManager.default.removeItem(at: home) }
        let result = try await sandboxAgent(["credentials", "extract-env", "--export"], environment: environment(home: home))
        #expect(result.code == 0)
        #expect(result.stdout == """
            export CLAUDE_CODE_OAUTH_TOKEN='sk-ant-oat01-token'
            export GROQ_API_KEY='gsk-it'\\''s'

            """)
        // The output is valid shell: eval gives back the exact value.
        let shell = try await RunningCommand(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "eval \"$1\"; printf %s \"$GROQ_API_KEY\"", "sh", result.stdout]).finish()
        #expect(shell.stdout == "gsk-it's")
    }

    @Test func expiredOAuthIsSkippedAndEnvironmentKeysWin() async throws {
        let home = try home([
            ".claude/.credentials.json": #"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-old","expiresAt":1700000000000}}"#,
            ".codex/auth.json": #"{"OPENAI_API_KEY":"sk-from-file"}"#,
        ])
        defer { try? FileManager.default.removeItem(at: home) }
        let files = try await sandboxAgent(["credentials", "extract-env"], environment: environment(home: home))
        #expect(files.stdout == "OPENAI_API_KEY='sk-from-file'\nCODEX_API_KEY='sk-from-file'\n")
        let env = try await sandboxAgent(
            ["credentials", "extract-env"], environment: environment(home: home, ["ANTHROPIC_API_KEY": "sk-ant-env", "OPENAI_API_KEY": "sk-env"]))
        #expect(env.stdout == "ANTHROPIC_API_KEY='sk-ant-env'\nCLAUDE_API_KEY='sk-ant-env'\nOPENAI_API_KEY='sk-env'\nCODEX_API_KEY='sk-env'\n")
    }

    @Test func extractMasksUnlessRevealedAndSpeaksJSON() async throws {
        let home = try home([:])
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = environment(home: home, ["ANTHROPIC_API_KEY": "sk-ant-api03-0123456789abcdef"])
        let masked = try await sandboxAgent(["credentials", "extract"], environment: environment)
        #expect(masked.stdout.contains("sk-ant-a…cdef") && !masked.stdout.contains("0123456789"))
        let revealed = try await sandboxAgent(["credentials", "extract", "--reveal", "--json"], environment: environment)
        let list = try JSONSerialization.jsonObject(with: Data(revealed.stdout.utf8)) as? [[String: Any]]
        #expect(list?.first?["value"] as? String == "sk-ant-api03-0123456789abcdef")
        #expect(list?.first?["source"] as? String == "env:ANTHROPIC_API_KEY" && list?.first?["kind"] as? String == "api_key")
        let none = try await sandboxAgent(["credentials", "extract", "--no-oauth", "--agent", "codex"], environment: environment)
        #expect(none.stdout == "No credentials found.\n")
    }
}
