/// The params of `terminal/create` (schema `CreateTerminalRequest`): the agent runs a command in
/// a terminal the client owns. Read by the session engine, written by the mock agent.
public struct CreateTerminalParams: Codable, Sendable, Equatable {
    /// One environment variable (schema `EnvVariable`).
    public struct Variable: Codable, Sendable, Equatable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var sessionId: String
    /// The program, or (as claude-code-acp sends it, with no `args`) a whole shell line.
    public var command: String
    public var args: [String]?
    public var env: [Variable]?
    /// The working directory (absolute); the session's when absent.
    public var cwd: String?
    /// How many bytes of output to keep at most (the newest).
    public var outputByteLimit: Int?

    public init(
        sessionId: String, command: String, args: [String]? = nil, env: [Variable]? = nil, cwd: String? = nil, outputByteLimit: Int? = nil
    ) {
        self.sessionId = sessionId
        self.command = command
        self.args = args
        self.env = env
        self.cwd = cwd
        self.outputByteLimit = outputByteLimit
    }
}

/// The result of `terminal/create` (schema `CreateTerminalResponse`).
public struct CreateTerminalResult: Codable, Sendable, Equatable {
    public var terminalId: String

    public init(terminalId: String) {
        self.terminalId = terminalId
    }
}

/// The params of `terminal/output`, `terminal/wait_for_exit`, `terminal/kill` and
/// `terminal/release` (schemas `TerminalOutputRequest`, …): which terminal.
public struct TerminalParams: Codable, Sendable, Equatable {
    public var sessionId: String
    public var terminalId: String

    public init(sessionId: String, terminalId: String) {
        self.sessionId = sessionId
        self.terminalId = terminalId
    }
}

/// How a terminal's command ended (schema `TerminalExitStatus`, the result of
/// `terminal/wait_for_exit`): `exitCode` when it exited, `signal` when a signal killed it; the
/// other is null.
public struct TerminalExitStatus: Codable, Sendable, Equatable {
    public var exitCode: Int?
    /// The signal's name (`SIGKILL`).
    public var signal: String?

    public init(exitCode: Int?, signal: String?) {
        self.exitCode = exitCode
        self.signal = signal
    }

    enum CodingKeys: String, CodingKey {
        case exitCode, signal
    }

    /// Both members, null when they do not apply.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(signal, forKey: .signal)
    }
}

/// The result of `terminal/output` (schema `TerminalOutputResponse`).
public struct TerminalOutputResult: Codable, Sendable, Equatable {
    /// The output so far (the newest `outputByteLimit` bytes of it).
    public var output: String
    /// Whether older output was dropped to keep within the limit.
    public var truncated: Bool
    /// How the command ended, once it did.
    public var exitStatus: TerminalExitStatus?

    public init(output: String, truncated: Bool, exitStatus: TerminalExitStatus? = nil) {
        self.output = output
        self.truncated = truncated
        self.exitStatus = exitStatus
    }
}
