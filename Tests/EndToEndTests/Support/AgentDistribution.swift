import Foundation
import Glibc
import NIOHTTP1

/// `Tests/Fixtures/agent-distribution-server`: a local npm registry, GitHub releases API and ACP
/// registry serving fake agent binaries (shell scripts that answer `--version` and otherwise run
/// the fake ACP agent), for install tests.
final class AgentDistribution: Sendable {
    static let script: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/agent-distribution-server")

    let baseURL: String
    private let process: Process

    private init(baseURL: String, process: Process) {
        self.baseURL = baseURL
        self.process = process
    }

    /// Starts the server; `corrupt` agents' downloads do not match their checksums, `missing`
    /// agents are absent from their source, every download waits `delayMs`.
    static func start(corrupt: [String] = [], missing: [String] = [], delayMs: Int = 0) async throws -> AgentDistribution {
        let arguments = ["python3", script.path, "--acp-agent", FakeAgent.script.path, "--port", "0", "--delay-ms", "\(delayMs)"]
            + corrupt.flatMap { ["--corrupt", $0] } + missing.flatMap { ["--missing", $0] }
        let (line, process) = try await launchFixture(arguments)
        guard let range = line.range(of: "listening on ") else {
            kill(process.processIdentifier, SIGKILL)
            throw TestFailure("agent-distribution-server printed \(line)")
        }
        return AgentDistribution(baseURL: String(line[range.upperBound...]), process: process)
    }

    /// The variables that point the installer at this server.
    var environment: [String: String] {
        [
            "SANDBOX_AGENT_NPM_REGISTRY_URL": baseURL + "/npm", "SANDBOX_AGENT_GITHUB_API_URL": baseURL + "/github",
            "SANDBOX_AGENT_ACP_REGISTRY_URL": baseURL + "/registry.json",
        ]
    }

    /// How many times each file was downloaded, by path under `/files/`.
    func downloads() async throws -> [String: Int] {
        let stats = try await HTTP.send(.GET, baseURL + "/_stats").json()
        return stats["downloads"] as? [String: Int] ?? [:]
    }

    func stop() {
        kill(process.processIdentifier, SIGTERM)
    }

    deinit { stop() }
}
