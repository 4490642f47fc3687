/// Where a session is in its life (open to values a newer server adds: ``OpenEnumeration``).
public enum SessionStatus: OpenEnumeration {
    /// The agent is being started and initialised.
    case starting
    /// The agent runs and accepts prompts.
    case active
    /// The agent is gone (deleted, crashed, or the server restarted); `resume` brings it back.
    case ended
    /// A status this build does not know.
    case unknown(String)

    public static let allCases: [Self] = [.starting, .active, .ended]

    public var rawValue: String {
        switch self {
        case .starting: "starting"
        case .active: "active"
        case .ended: "ended"
        case .unknown(let value): value
        }
    }
}
