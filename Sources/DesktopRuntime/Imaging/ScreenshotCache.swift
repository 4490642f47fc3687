import NIOCore

/// The last few encoded screenshots, keyed by frame content and request, so an unchanged screen
/// asked for again costs no encode (and, with DAMAGE, no capture either: `ScreenCapture`).
struct ScreenshotCache {
    struct Key: Hashable {
        var generation: UInt64
        var plan: ScreenshotPlan
        var cursorSerial: UInt?
        var cursorX: Int?
        var cursorY: Int?
    }

    private let capacity: Int
    private var entries: [(key: Key, data: ByteBuffer)] = []

    init(capacity: Int) { self.capacity = capacity }

    subscript(key: Key) -> ByteBuffer? {
        get { entries.last { $0.key == key }?.data }
        set {
            entries.removeAll { $0.key == key || $0.key.generation != key.generation }
            if let newValue { entries.append((key, newValue)) }
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }
}
