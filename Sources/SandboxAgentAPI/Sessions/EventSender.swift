/// Who wrote a message of a session's transcript (open to values a newer server adds:
/// ``OpenEnumeration``).
public enum EventSender: OpenEnumeration {
    /// The server, acting as the ACP client, wrote it to the agent.
    case client
    /// The agent wrote it.
    case agent
    /// The server itself added it (`_sandboxagent/...` notifications).
    case server
    /// A sender this build does not know.
    case unknown(String)

    public static let allCases: [Self] = [.client, .agent, .server]

    public var rawValue: String {
        switch self {
        case .client: "client"
        case .agent: "agent"
        case .server: "server"
        case .unknown(let value): value
        }
    }
}
