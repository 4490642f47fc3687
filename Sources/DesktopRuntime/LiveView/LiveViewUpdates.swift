import Synchronization

/// The latest live-view updates, shared by all viewers: viewers that show the same image with the
/// same settings need the same update to the next screen, so it is encoded once, not per viewer.
/// Viewers tick on a common clock (see the live view's WebSocket), so at the same frame-rate cap
/// they usually take the same screens.
public final class LiveViewUpdates: Sendable {
    struct Key: Hashable {
        var settings: LiveViewSettings
        var from: UInt64?
        var to: UInt64
    }

    /// How many updates are kept (the newest).
    static let capacity = 8

    private let entries = Mutex<[(key: Key, update: LiveViewUpdate)]>([])

    public init() {}

    subscript(key: Key) -> LiveViewUpdate? {
        get { entries.withLock { entries in entries.last { $0.key == key }?.update } }
        set {
            guard let newValue else { return }
            entries.withLock { entries in
                entries.append((key, newValue))
                if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
            }
        }
    }
}
