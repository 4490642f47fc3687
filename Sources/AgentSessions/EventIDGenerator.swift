/// Version-4 UUID strings for event ids, from a SplitMix64 stream seeded once from the system's
/// random source. Event ids must be unique, not secret; `Foundation.UUID()` costs a system call
/// and ~3.5 µs per id, this a few nanoseconds.
struct EventIDGenerator: Sendable {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// The next id, e.g. `3f2b8c1e-9d4a-4e7b-a1c2-5d6e7f8a9b0c`.
    mutating func next() -> String {
        let high = (nextWord() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (nextWord() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            func put(_ word: UInt64, nibbles: Int, shift: Int) {
                for index in 0..<nibbles {
                    let nibble = UInt8((word >> UInt64(shift - 4 * index)) & 0xF)
                    buffer[position] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                    position += 1
                }
            }
            func dash() {
                buffer[position] = 0x2D
                position += 1
            }
            put(high, nibbles: 8, shift: 60)
            dash()
            put(high, nibbles: 4, shift: 28)
            dash()
            put(high, nibbles: 4, shift: 12)
            dash()
            put(low, nibbles: 4, shift: 60)
            dash()
            put(low, nibbles: 12, shift: 44)
            return position
        }
    }

    private mutating func nextWord() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
