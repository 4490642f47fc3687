/// Deadlines and sizes that keep a connection from holding the server: how long it may sit
/// without sending the next request (or the rest of one), the longest request target, and how
/// long connections may take to finish when the server shuts down.
public struct ConnectionLimits: Sendable, Equatable {
    /// How long a connection may go without sending a request head, or a part of a request body
    /// it is in the middle of, before it is closed (408 when a request was under way).
    public var idleTimeout: Duration = .seconds(75)
    /// Longest request target (path and query) in bytes; longer ones are answered 414.
    public var maxRequestTargetBytes = 16 * 1024
    /// How long open connections (streams, WebSockets, slow requests) may go on after shutdown
    /// begins before they are closed.
    public var shutdownGracePeriod: Duration = .seconds(3)

    public init() {}
}
