import Synchronization

/// A thread-safe running total of bytes.
final class ByteCounter: Sendable {
    private let total = Atomic<Int>(0)

    /// Adds `count` and returns the new total.
    func add(_ count: Int) -> Int {
        total.add(count, ordering: .relaxed).newValue
    }

    var value: Int { total.load(ordering: .relaxed) }
}
