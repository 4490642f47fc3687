/// Error of the process runtime; the HTTP layer maps `code` to a status.
public struct ProcessError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A request field is invalid (400).
        public static let invalidRequest = Code("invalid_request")
        /// No process has this id (404).
        public static let notFound = Code("not_found")
        /// The command does not exist or cannot be executed (400).
        public static let commandNotFound = Code("command_not_found")
        /// The working directory does not exist (400).
        public static let invalidWorkingDirectory = Code("invalid_cwd")
        /// Too many processes are running (409).
        public static let limitReached = Code("limit_reached")
        /// The process is in the wrong state: still running, not a tty, stdin closed (409).
        public static let conflict = Code("conflict")
        /// The runtime is shutting down (503).
        public static let shuttingDown = Code("shutting_down")
        /// The operating system refused (500).
        public static let system = Code("system_error")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
