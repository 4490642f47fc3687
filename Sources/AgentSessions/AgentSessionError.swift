/// Error of the session engine; the HTTP layer maps `code` to a status.
public struct AgentSessionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A request field is invalid (400).
        public static let invalidRequest = Code("invalid_request")
        /// No agent has this id (400).
        public static let unsupportedAgent = Code("unsupported_agent")
        /// No session has this id (404).
        public static let sessionNotFound = Code("session_not_found")
        /// No pending question has this id (404).
        public static let questionNotFound = Code("question_not_found")
        /// A session with this id exists (409).
        public static let sessionAlreadyExists = Code("session_already_exists")
        /// No pending permission request has this id (404).
        public static let permissionNotFound = Code("permission_not_found")
        /// The session is in the wrong state: a prompt already runs, it has ended, … (409).
        public static let conflict = Code("conflict")
        /// The agent answered with a JSON-RPC error (502).
        public static let agentError = Code("agent_error")
        /// The agent process exited (502).
        public static let agentExited = Code("agent_process_exited")
        /// The agent did not answer in time (504).
        public static let timeout = Code("timeout")
        /// The agent could not be started (500).
        public static let agentStartFailed = Code("agent_start_failed")
        /// A known agent is missing and `SANDBOX_AGENT_REQUIRE_PREINSTALL` forbids installing it (404).
        public static let agentNotInstalled = Code("agent_not_installed")
        /// The install source has no such version of the agent (404).
        public static let agentVersionNotFound = Code("agent_version_not_found")
        /// Installing an agent failed (500).
        public static let installFailed = Code("install_failed")
        /// An install on first use could not reach its source, or did not finish in time (502).
        public static let installSourceUnavailable = Code("install_source_unavailable")
        /// The store failed (500).
        public static let storage = Code("storage_error")
    }

    public var code: Code
    public var message: String
    /// Extra machine-readable context (e.g. the agent's JSON-RPC error code, a stderr tail).
    public var details: [String: String]

    public init(_ code: Code, _ message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(code): \(message)" }
}
