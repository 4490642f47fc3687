/// Error of the process runtime; the HTTP layer maps `code` to a status.
public struct ProcessError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// Every code, so that switches over them inside the package are exhaustive (a new code
        /// fails to compile where it is not handled, instead of falling into a `default`).
        package enum Base: String, Sendable, CaseIterable {
            case invalidRequest = "invalid_request"
            case notFound = "not_found"
            case commandNotFound = "command_not_found"
            case invalidWorkingDirectory = "invalid_cwd"
            case limitReached = "limit_reached"
            case conflict = "conflict"
            case shuttingDown = "shutting_down"
            case system = "system_error"
        }

        /// Which code this is.
        package let base: Base
        private init(_ base: Base) { self.base = base }
        /// The snake_case identifier, e.g. `not_found`.
        public var description: String { base.rawValue }

        /// A request field is invalid (400).
        public static let invalidRequest = Code(.invalidRequest)
        /// No process has this id (404).
        public static let notFound = Code(.notFound)
        /// The command does not exist or cannot be executed (400).
        public static let commandNotFound = Code(.commandNotFound)
        /// The working directory does not exist (400).
        public static let invalidWorkingDirectory = Code(.invalidWorkingDirectory)
        /// Too many processes are running (409).
        public static let limitReached = Code(.limitReached)
        /// The process is in the wrong state: still running, not a tty, stdin closed (409).
        public static let conflict = Code(.conflict)
        /// The runtime is shutting down (503).
        public static let shuttingDown = Code(.shuttingDown)
        /// The operating system refused (500).
        public static let system = Code(.system)
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
