/// One step of an agent install: the `event: progress` data of `POST /v1/agents/{agent}/install`
/// when it is asked for with `Accept: text/event-stream`.
public struct AgentInstallProgress: Codable, Sendable, Equatable {
    /// Where the install is (open to values a newer server adds: ``OpenEnumeration``).
    public enum Phase: OpenEnumeration {
        /// Asking the source which version to get (``source`` names it).
        case resolving
        /// Bytes arriving (``receivedBytes`` of ``totalBytes``, when the size is known).
        case downloading
        /// Putting the download in place.
        case unpacking
        /// A phase this build does not know.
        case unknown(String)

        public static let allCases: [Self] = [.resolving, .downloading, .unpacking]

        public var rawValue: String {
            switch self {
            case .resolving: "resolving"
            case .downloading: "downloading"
            case .unpacking: "unpacking"
            case .unknown(let value): value
            }
        }
    }

    public var phase: Phase
    /// With ``Phase/resolving``: the source asked, e.g. `npm @anthropic-ai/claude-code-linux-x64`.
    public var source: String?
    /// With ``Phase/downloading``: bytes received so far.
    public var receivedBytes: Int64?
    /// With ``Phase/downloading``: the size, when the source announced one.
    public var totalBytes: Int64?

    public init(phase: Phase, source: String? = nil, receivedBytes: Int64? = nil, totalBytes: Int64? = nil) {
        self.phase = phase
        self.source = source
        self.receivedBytes = receivedBytes
        self.totalBytes = totalBytes
    }
}
