/// `POST /v1/processes`: start a long-lived process.
public struct ProcessCreateRequest: Codable, Sendable, Equatable {
    public var command: String
    public var args: [String]?
    public var cwd: String?
    public var env: [String: String]?
    /// Keep stdin open for `POST …/input` (implied by `tty`).
    public var interactive: Bool?
    /// Run on a pseudo-terminal.
    public var tty: Bool?
    /// Initial terminal size (beyond upstream; defaults 80x24).
    public var cols: Int?
    public var rows: Int?

    public init(
        command: String, args: [String]? = nil, cwd: String? = nil, env: [String: String]? = nil,
        interactive: Bool? = nil, tty: Bool? = nil, cols: Int? = nil, rows: Int? = nil
    ) {
        self.command = command
        self.args = args
        self.cwd = cwd
        self.env = env
        self.interactive = interactive
        self.tty = tty
        self.cols = cols
        self.rows = rows
    }
}

/// `POST /v1/processes/run`: run to completion and collect output.
public struct ProcessRunRequest: Codable, Sendable, Equatable {
    public var command: String
    public var args: [String]?
    public var cwd: String?
    public var env: [String: String]?
    public var timeoutMs: Int?
    public var maxOutputBytes: Int?

    public init(
        command: String, args: [String]? = nil, cwd: String? = nil, env: [String: String]? = nil,
        timeoutMs: Int? = nil, maxOutputBytes: Int? = nil
    ) {
        self.command = command
        self.args = args
        self.cwd = cwd
        self.env = env
        self.timeoutMs = timeoutMs
        self.maxOutputBytes = maxOutputBytes
    }
}

/// Result of `POST /v1/processes/run`. Output is UTF-8 text (invalid bytes replaced).
public struct ProcessRunResponse: Codable, Sendable, Equatable {
    public var exitCode: Int32?
    /// Signal that ended the process (beyond upstream), e.g. 9 after a timeout.
    public var signal: Int32?
    public var stdout: String
    public var stderr: String
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool
    public var timedOut: Bool
    public var durationMs: Int64

    public init(
        exitCode: Int32?, signal: Int32?, stdout: String, stderr: String, stdoutTruncated: Bool, stderrTruncated: Bool,
        timedOut: Bool, durationMs: Int64
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutTruncated = stdoutTruncated
        self.stderrTruncated = stderrTruncated
        self.timedOut = timedOut
        self.durationMs = durationMs
    }
}

/// How `data` of an input request is encoded.
public enum InputEncoding: String, Codable, Sendable, CaseIterable {
    case base64, utf8, text
}

/// `POST /v1/processes/{id}/input`.
public struct ProcessInputRequest: Codable, Sendable, Equatable {
    public var data: String
    /// Defaults to `base64`, as upstream.
    public var encoding: InputEncoding?
    public init(data: String, encoding: InputEncoding? = nil) {
        self.data = data
        self.encoding = encoding
    }
}

/// Reply to `POST /v1/processes/{id}/input`.
public struct ProcessInputResponse: Codable, Sendable, Equatable {
    public var bytesWritten: Int
    public init(bytesWritten: Int) { self.bytesWritten = bytesWritten }
}

/// `POST /v1/processes/{id}/terminal/resize` request and reply.
public struct TerminalSize: Codable, Sendable, Equatable {
    public var cols: Int
    public var rows: Int
    public init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
    }
}
