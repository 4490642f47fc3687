/// Why an agent could not be installed; the HTTP layer answers `install_failed` (500), 502 when
/// the distribution source could not be reached or did not answer in time, 404 for a version the
/// source does not have, or 400 for a bad request.
public struct AgentInstallError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No install source is known for this agent (400).
        public static let notInstallable = Code("unsupported_agent")
        /// The request is invalid, e.g. a malformed version (400).
        public static let invalidRequest = Code("invalid_request")
        /// The source has no such version of the agent (404).
        public static let versionNotFound = Code("agent_version_not_found")
        /// A download, checksum, unpacking or file step failed (500).
        public static let installFailed = Code("install_failed")
        /// The distribution source is unreachable (DNS, refused, timed out), answered with an
        /// error status, or the install did not finish within its deadline (502).
        public static let sourceUnavailable = Code("install_source_unavailable")
        /// The agent is missing and `SANDBOX_AGENT_REQUIRE_PREINSTALL` forbids installing it now (404).
        public static let notInstalled = Code("agent_not_installed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    static func failed(_ message: String) -> AgentInstallError { AgentInstallError(.installFailed, message) }

    static func unavailable(_ message: String) -> AgentInstallError { AgentInstallError(.sourceUnavailable, message) }

    public var description: String { message }
}
