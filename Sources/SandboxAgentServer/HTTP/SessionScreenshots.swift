import NIOCore
import Synchronization

/// The images of the desktop actions recorded for sessions, kept in memory so that a transcript
/// viewer can show what the agent saw (`GET /v1/sessions/{id}/screenshots/{screenshotId}`).
///
/// Bounded: the newest `perSession` images of each session and at most `totalBytes` in all; the
/// oldest go first. Not kept across restarts.
final class SessionScreenshots: Sendable {
    /// One encoded image.
    struct Image: Sendable {
        let contentType: String
        let data: ByteBuffer
    }

    private struct Entry {
        let session: String
        let id: String
        let image: Image
    }

    private struct State {
        var entries: [Entry] = []  // oldest first
        var bytes = 0
        var nextNumber = 1
    }

    let perSession: Int
    let totalBytes: Int
    private let state = Mutex(State())

    init(perSession: Int = 100, totalBytes: Int = 128 << 20) {
        self.perSession = perSession
        self.totalBytes = totalBytes
    }

    /// Keeps `image` for `session`, dropping the oldest images beyond the bounds; returns its id.
    func keep(_ image: Image, for session: String) -> String {
        state.withLock { state in
            let id = "shot_\(state.nextNumber)"
            state.nextNumber += 1
            state.entries.append(Entry(session: session, id: id, image: image))
            state.bytes += image.data.readableBytes
            var ofSession = state.entries.lazy.filter { $0.session == session }.count
            var bytes = state.bytes
            state.entries.removeAll { entry in
                let drop = (entry.session == session && ofSession > perSession) || bytes > totalBytes
                if drop {
                    if entry.session == session { ofSession -= 1 }
                    bytes -= entry.image.data.readableBytes
                }
                return drop
            }
            state.bytes = bytes
            return id
        }
    }

    /// The image `id` of `session`, if it is still kept.
    func image(_ id: String, of session: String) -> Image? {
        state.withLock { state in state.entries.last { $0.id == id && $0.session == session }?.image }
    }
}
