/// Who wrote a message of a session's transcript.
public enum EventSender: String, Codable, Sendable, CaseIterable {
    /// The server, acting as the ACP client, wrote it to the agent.
    case client
    /// The agent wrote it.
    case agent
    /// The server itself added it (`_sandboxagent/...` notifications).
    case server
}
