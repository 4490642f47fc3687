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
    public static let knownAgentIDs = ["claude", "codex", "opencode", "amp", "pi", "cursor", "mock"]

    /// - Parameters:
    ///   - mockExecutable: the `sandbox-agent` binary, run as `mock-agent`.
    ///   - mockStateDirectory: where the mock keeps transcripts for `session/load` across restarts.
    public init(mockExecutable: String, mockStateDirectory: String) {
        definitions = [
            "mock": AgentDefinition(id: "mock", command: mockExecutable, args: ["mock-agent", "--state-dir", mockStateDirectory])
        ]
    }

    /// Adds the native CLIs found on this machine: Claude Code from `SANDBOX_AGENT_CLAUDE_BIN`,
    /// else `<installDirectory>/claude`, else `claude` on `PATH`; Codex likewise from
    /// `SANDBOX_AGENT_CODEX_BIN`, `<installDirectory>/codex`, `codex` on `PATH`. A binary the user
    /// has is used as is; agents-file entries (loaded later) override.
    public mutating func discoverNativeAgents(environment: [String: String], installDirectory: String) {
        func find(_ name: String, override variable: String) -> String? {
            let candidates = [environment[variable], installDirectory + "/" + name]
                + (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
            return candidates.compactMap { $0 }.first { !$0.isEmpty && FileManager.default.isExecutableFile(atPath: $0) }
        }
        if let claude = find("claude", override: "SANDBOX_AGENT_CLAUDE_BIN") {
            definitions["claude"] = AgentDefinition(id: "claude", command: claude, driver: .claudeCode)
        }
        if let codex = find("codex", override: "SANDBOX_AGENT_CODEX_BIN") {
            definitions["codex"] = AgentDefinition(id: "codex", command: codex, driver: .codex)
        }
        // CLIs that speak ACP themselves (agent-protocols §2.3, §2.6).
        if let opencode = find("opencode", override: "SANDBOX_AGENT_OPENCODE_BIN") {
            definitions["opencode"] = AgentDefinition(id: "opencode", command: opencode, args: ["acp"])
        }
        if let cursor = find("cursor-agent", override: "SANDBOX_AGENT_CURSOR_BIN") {
            definitions["cursor"] = AgentDefinition(id: "cursor", command: cursor, args: ["acp"])
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
            throw AgentSessionError(.invalidRequest, "cannot read the agents file \(path): \(error)")
        }
    }

    /// The definition for `id`, or an error saying why there is none.
    public func definition(_ id: String) throws(AgentSessionError) -> AgentDefinition {
        if let definition = definitions[id] { return definition }
        if Self.knownAgentIDs.contains(id) {
            throw AgentSessionError(.unsupportedAgent, "agent '\(id)' is not installed on this server (declare it in the agents file)")
        }
        let known = (Set(definitions.keys).union(Self.knownAgentIDs)).sorted().joined(separator: ", ")
        throw AgentSessionError(.unsupportedAgent, "unknown agent '\(id)'; known agents: \(known)")
    }
}
