import Foundation

/// How to start one agent: a program speaking ACP on stdio, or a CLI a native driver translates.
public struct AgentDefinition: Codable, Sendable, Equatable {
    /// How the server talks to the agent.
    public enum Driver: String, Codable, Sendable {
        /// ACP on the child's stdin/stdout.
        case acp
        /// The `claude` CLI in stream-JSON mode, translated to ACP in-process.
        case claudeCode = "claude-code"
        /// `codex app-server` (JSON-RPC over stdio), translated to ACP in-process.
        case codex
    }

    /// The id clients pass as `agent` (`mock`, `claude`, or a custom id).
    public var id: String
    public var command: String
    public var args: [String]
    /// Added to the agent's environment (the session's `env` goes on top).
    public var env: [String: String]?
    /// Default `acp`.
    public var driver: Driver?

    public init(id: String, command: String, args: [String] = [], env: [String: String]? = nil, driver: Driver? = nil) {
        self.id = id
        self.command = command
        self.args = args
        self.env = env
        self.driver = driver
    }
}

/// The agents this server can start: the built-in mock, plus custom ACP agents declared in a
/// JSON file `{"agents": [{"id": …, "command": …, "args": […], "env": {…}}]}`.
public struct AgentCatalog: Sendable {
    public private(set) var definitions: [String: AgentDefinition]

    /// The ids upstream knows; those without a definition here are reported as not installed.
    public static let knownAgentIDs = ["claude", "codex", "opencode", "amp", "pi", "cursor", "gemini", "mock"]

    /// - Parameters:
    ///   - mockExecutable: the `sandbox-agent` binary, run as `mock-agent`.
    ///   - mockStateDirectory: where the mock keeps transcripts for `session/load` across restarts.
    public init(mockExecutable: String, mockStateDirectory: String) {
        definitions = [
            "mock": AgentDefinition(id: "mock", command: mockExecutable, args: ["mock-agent", "--state-dir", mockStateDirectory])
        ]
    }

    /// How to find one agent on this machine: file names tried in the install directory, then on
    /// `PATH`, each with the arguments it needs; an environment variable naming the binary wins.
    struct Discovery {
        var id: String
        var driver: AgentDefinition.Driver?
        /// `(file name, arguments)`: the install-directory launcher first, the agent's own CLI last.
        var candidates: [(name: String, args: [String])]
        /// `SANDBOX_AGENT_<ID>_BIN`: the agent's own CLI (run with the last candidate's arguments).
        var variable: String { "SANDBOX_AGENT_\(id.uppercased())_BIN" }
    }

    /// Where each agent other than the mock is looked for (agent-protocols §2).
    static let discoveries = [
        Discovery(id: "claude", driver: .claudeCode, candidates: [("claude", [])]),
        Discovery(id: "codex", driver: .codex, candidates: [("codex", [])]),
        Discovery(id: "opencode", candidates: [("opencode", ["acp"])]),
        Discovery(id: "cursor", candidates: [("cursor-acp", []), ("cursor-agent", ["acp"])]),
        Discovery(id: "amp", candidates: [("amp-acp", [])]),
        Discovery(id: "pi", candidates: [("pi-acp", [])]),
        Discovery(id: "gemini", candidates: [("gemini-acp", []), ("gemini", ["--experimental-acp"])]),
    ]

    /// Adds the agents found on this machine. For each, in order: the binary its
    /// `SANDBOX_AGENT_<ID>_BIN` variable names, its files in `installDirectory` (where
    /// `install-agent` puts them), then on `PATH`. A binary the user has is used as is; Claude Code
    /// and Codex get their native drivers, the others speak ACP. Agents-file entries (loaded
    /// later) override.
    public mutating func discoverNativeAgents(environment: [String: String], installDirectory: String) {
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for discovery in Self.discoveries {
            let native = discovery.candidates[discovery.candidates.count - 1]
            var found: [(command: String, args: [String])] = []
            if let explicit = environment[discovery.variable], !explicit.isEmpty { found.append((explicit, native.args)) }
            for directory in [installDirectory] + path {
                found += discovery.candidates.map { (directory + "/" + $0.name, $0.args) }
            }
            if let (command, args) = found.first(where: { FileManager.default.isExecutableFile(atPath: $0.command) }) {
                definitions[discovery.id] = AgentDefinition(id: discovery.id, command: command, args: args, driver: discovery.driver)
            }
        }
    }

    /// Adds the agents of a config file; a missing file adds nothing.
    public mutating func load(file path: String) throws(AgentSessionError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        struct File: Decodable { var agents: [AgentDefinition] }
        do {
            let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            for agent in file.agents { definitions[agent.id] = agent }
        } catch {
            throw AgentSessionError(.invalidRequest, "cannot read the agents file \(path): \(error)", cause: error)
        }
    }

    /// The definition for `id`, or an error saying why there is none.
    public func definition(_ id: String) throws(AgentSessionError) -> AgentDefinition {
        if let definition = definitions[id] { return definition }
        if Self.knownAgentIDs.contains(id) {
            throw AgentSessionError(
                .agentNotInstalled, "agent '\(id)' is not installed on this server: run `sandbox-agent install-agent \(id)`, put it on PATH, or declare it in the agents file")
        }
        let known = (Set(definitions.keys).union(Self.knownAgentIDs)).sorted().joined(separator: ", ")
        throw AgentSessionError(.unsupportedAgent, "unknown agent '\(id)'; known agents: \(known)")
    }
}
