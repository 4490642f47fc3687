/// The params of `_sandboxagent/session/ended` (``SandboxAgentMethod/sessionEnded``): why the
/// session ended and, when its agent process exited, how. The notification an ACP relay sends
/// also carries upstream's members (`session_id`, `data`), so clients of either read it.
public struct SessionEndedParams: Codable, Sendable, Equatable {
    /// The session's end reason (`agent_exited`, `server_restarted`, …; `Session.endReason`).
    public var reason: String
    /// What happened, for a human (a restart, a relay's agent).
    public var message: String?
    /// The agent's exit status when it exited normally.
    public var exitCode: Int32?
    /// The signal that killed the agent.
    public var signal: Int32?
    /// The agent's last stderr output; absent when it wrote none.
    public var stderrTail: String?
    /// Upstream's `session_id`: the ACP session a relay's notification is about.
    public var upstreamSessionId: String?
    /// Upstream's `data` (a relay's notification).
    public var data: Upstream?

    enum CodingKeys: String, CodingKey {
        case reason, message, exitCode, signal, stderrTail, data
        case upstreamSessionId = "session_id"
    }

    /// Upstream's account of the end: `{reason, terminated_by, message, exit_code?, stderr?}`.
    public struct Upstream: Codable, Sendable, Equatable {
        /// `completed`, `error` or `terminated`.
        public var reason: String
        /// `agent` (it exited) or `daemon` (the server closed it).
        public var terminatedBy: String
        public var message: String
        public var exitCode: Int32?
        public var stderr: Stderr?

        enum CodingKeys: String, CodingKey {
            case reason, message, stderr
            case terminatedBy = "terminated_by"
            case exitCode = "exit_code"
        }

        /// The agent's last stderr output and whether it is cut short.
        public struct Stderr: Codable, Sendable, Equatable {
            public var tail: String
            public var truncated: Bool

            public init(tail: String, truncated: Bool) {
                self.tail = tail
                self.truncated = truncated
            }
        }

        public init(reason: String, terminatedBy: String, message: String, exitCode: Int32? = nil, stderr: Stderr? = nil) {
            self.reason = reason
            self.terminatedBy = terminatedBy
            self.message = message
            self.exitCode = exitCode
            self.stderr = stderr
        }
    }

    public init(
        reason: String, message: String? = nil, exitCode: Int32? = nil, signal: Int32? = nil, stderrTail: String? = nil,
        upstreamSessionId: String? = nil, data: Upstream? = nil
    ) {
        self.reason = reason
        self.message = message
        self.exitCode = exitCode
        self.signal = signal
        self.stderrTail = stderrTail
        self.upstreamSessionId = upstreamSessionId
        self.data = data
    }
}
