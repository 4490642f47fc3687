/// The LISTEN/NOTIFY channel on which the database announces appended events: one notification
/// per session and inserting statement, `"<sessionId> <eventCount>"`, sent at commit.
public enum PostgresAppendChannel {
    public static let name = "sandbox_agent_events"

    /// Parses a notification's payload.
    static func parse(_ payload: String) -> (sessionId: String, count: Int64)? {
        guard let space = payload.lastIndex(of: " "), let count = Int64(payload[payload.index(after: space)...]) else { return nil }
        return (String(payload[..<space]), count)
    }
}
