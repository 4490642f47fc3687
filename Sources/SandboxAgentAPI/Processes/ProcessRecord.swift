/// Who started a process: a user through the API, the desktop runtime, or the server itself
/// (open to values a newer server adds: ``OpenEnumeration``).
public enum ProcessOwner: OpenEnumeration {
    case user, desktop, system
    /// An owner this build does not know.
    case unknown(String)

    public static let allCases: [Self] = [.user, .desktop, .system]

    public var rawValue: String {
        switch self {
        case .user: "user"
        case .desktop: "desktop"
        case .system: "system"
        case .unknown(let value): value
        }
    }
}

/// Whether a process still runs (open to values a newer server adds: ``OpenEnumeration``).
public enum ProcessStatus: OpenEnumeration {
    case running, exited
    /// A status this build does not know.
    case unknown(String)

    public static let allCases: [Self] = [.running, .exited]

    public var rawValue: String {
        switch self {
        case .running: "running"
        case .exited: "exited"
        case .unknown(let value): value
        }
    }
}

/// The public record of one managed process (schema `ProcessInfo` in the API; renamed in Swift
/// so it never clashes with Foundation.ProcessInfo).
public struct ProcessRecord: Codable, Sendable, Equatable {
    /// `proc_N`, unique for the server's lifetime.
    public var id: String
    public var command: String
    public var args: [String]
    public var cwd: String?
    /// Runs on a pseudo-terminal (output is one `pty` stream).
    public var tty: Bool
    /// Accepts input (`POST …/input`); always true for a tty.
    public var interactive: Bool
    public var owner: ProcessOwner
    public var status: ProcessStatus
    public var pid: Int32?
    /// Exit code when the process exited normally; nil while running or when a signal ended it.
    public var exitCode: Int32?
    /// Signal number that ended the process, when one did (beyond upstream).
    public var signal: Int32?
    public var createdAtMs: Int64
    public var exitedAtMs: Int64?

    public init(
        id: String, command: String, args: [String], cwd: String?, tty: Bool, interactive: Bool, owner: ProcessOwner,
        status: ProcessStatus, pid: Int32? = nil, exitCode: Int32? = nil, signal: Int32? = nil, createdAtMs: Int64,
        exitedAtMs: Int64? = nil
    ) {
        self.id = id
        self.command = command
        self.args = args
        self.cwd = cwd
        self.tty = tty
        self.interactive = interactive
        self.owner = owner
        self.status = status
        self.pid = pid
        self.exitCode = exitCode
        self.signal = signal
        self.createdAtMs = createdAtMs
        self.exitedAtMs = exitedAtMs
    }
}

/// `GET /v1/processes`.
public struct ProcessListResponse: Codable, Sendable, Equatable {
    public var processes: [ProcessRecord]
    public init(processes: [ProcessRecord]) { self.processes = processes }
}
