/// Error of the session engine; the HTTP layer maps `code` to a status.
public struct AgentSessionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// Every code, so that switches over them inside the package are exhaustive (a new code
        /// fails to compile where it is not handled, instead of falling into a `default`).
        package enum Base: String, Sendable, CaseIterable {
            case invalidRequest = "invalid_request"
            case unsupportedAgent = "unsupported_agent"
            case sessionNotFound = "session_not_found"
            case questionNotFound = "question_not_found"
            case sessionAlreadyExists = "session_already_exists"
            case permissionNotFound = "permission_not_found"
            case conflict = "conflict"
            case agentError = "agent_error"
            case agentExited = "agent_process_exited"
            case timeout = "timeout"
            case agentStartFailed = "agent_start_failed"
            case agentNotInstalled = "agent_not_installed"
            case agentVersionNotFound = "agent_version_not_found"
            case installFailed = "install_failed"
            case installSourceUnavailable = "install_source_unavailable"
            case storage = "storage_error"
        }

        /// Which code this is.
        package let base: Base
        private init(_ base: Base) { self.base = base }
        /// The snake_case identifier, e.g. `not_found`.
        public var description: String { base.rawValue }

        /// A request field is invalid (400).
        public static let invalidRequest = Code(.invalidRequest)
        /// No agent has this id (400).
        public static let unsupportedAgent = Code(.unsupportedAgent)
        /// No session has this id (404).
        public static let sessionNotFound = Code(.sessionNotFound)
        /// No pending question has this id (404).
        public static let questionNotFound = Code(.questionNotFound)
        /// A session with this id exists (409).
        public static let sessionAlreadyExists = Code(.sessionAlreadyExists)
        /// No pending permission request has this id (404).
        public static let permissionNotFound = Code(.permissionNotFound)
        /// The session is in the wrong state: a prompt already runs, it has ended, … (409).
        public static let conflict = Code(.conflict)
        /// The agent answered with a JSON-RPC error (502).
        public static let agentError = Code(.agentError)
        /// The agent process exited (502).
        public static let agentExited = Code(.agentExited)
        /// The agent did not answer in time (504).
        public static let timeout = Code(.timeout)
        /// The agent could not be started (500).
        public static let agentStartFailed = Code(.agentStartFailed)
        /// A known agent is missing and `SANDBOX_AGENT_REQUIRE_PREINSTALL` forbids installing it (404).
        public static let agentNotInstalled = Code(.agentNotInstalled)
        /// The install source has no such version of the agent (404).
        public static let agentVersionNotFound = Code(.agentVersionNotFound)
        /// Installing an agent failed (500).
        public static let installFailed = Code(.installFailed)
        /// An install on first use could not reach its source, or did not finish in time (502).
        public static let installSourceUnavailable = Code(.installSourceUnavailable)
        /// The store failed (500).
        public static let storage = Code(.storage)
    }

    public var code: Code
    public var message: String
    /// Extra machine-readable context (e.g. the agent's JSON-RPC error code, a stderr tail).
    public var details: [String: String]
    /// The error this one reports (a store's, the process runtime's, the agent's JSON-RPC error),
    /// kept as a value for callers and logs; `message` already says what it means.
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, details: [String: String] = [:], cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.cause = cause
    }

    public var description: String { "\(code): \(message)" }
}
