import ACP
import Synchronization

/// The JSON-RPC ids of the requests native drivers send to the client (permissions, questions):
/// integers, as the mock and other ACP agents number theirs, drawn from one counter shared by
/// every driver of a connection, so ids are unique on it however many sessions it carries. The
/// counter starts at the transcript's event count, as the server's own ids do, so they stay
/// unique in a transcript across restarts too.
final class ACPRequestIDs: Sendable {
    private let next: Mutex<Int64>

    init(startingAt first: Int64 = 0) {
        next = Mutex(first)
    }

    /// The next id.
    func make() -> JSONRPCID {
        next.withLock { value in
            defer { value += 1 }
            return .int(value)
        }
    }
}
