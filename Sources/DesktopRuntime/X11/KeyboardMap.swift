import CX11
import Glibc

/// The X server's keyboard mapping as the input connection sees it, and keycodes it can borrow.
///
/// A keysym found on level 1 or 2 of a keycode is typed with or without Shift. A keysym missing
/// from the map (é on a US map, 日, 😀) is bound to a spare keycode — one with no symbols — the way
/// xdotool does; spare keycodes are reused least-recently-used first and a binding is never
/// changed within `rebindGuard` of its last use, so a client still translating an earlier key
/// press never sees the new symbol.
final class KeyboardMap {
    struct Location {
        var keycode: KeyCode
        var needsShift: Bool
    }

    static let rebindGuard: Duration = .milliseconds(50)

    private let connection: X11Connection
    private var minKeycode: Int32 = 0
    private var maxKeycode: Int32 = 0
    private var perKeycode = 0
    private var symbols: [KeySym] = []
    private var spareKeycodes: [KeyCode] = []
    /// Borrowed keycodes, least recently used first.
    private var borrowed: [(keycode: KeyCode, keysym: KeySym, lastUse: ContinuousClock.Instant)] = []

    init(connection: X11Connection) {
        self.connection = connection
        reload()
    }

    /// Reads the mapping again (after another client changed it).
    func reload() {
        XDisplayKeycodes(connection.display, &minKeycode, &maxKeycode)
        let count = Int32(maxKeycode - minKeycode + 1)
        var per: Int32 = 0
        guard let mapping = XGetKeyboardMapping(connection.display, KeyCode(minKeycode), count, &per) else { return }
        defer { XFree(mapping) }
        perKeycode = Int(per)
        symbols = Array(UnsafeBufferPointer(start: mapping, count: Int(count) * perKeycode))
        borrowed.removeAll { symbol(of: $0.keycode, level: 0) != $0.keysym }
        let stillBorrowed = Set(borrowed.map(\.keycode))
        spareKeycodes = (0..<Int(count)).map { KeyCode(Int(minKeycode) + $0) }.filter { keycode in
            stillBorrowed.contains(keycode) || (0..<perKeycode).allSatisfy { symbol(of: keycode, level: $0) == 0 }
        }
    }

    /// Where `keysym` is, binding a spare keycode to it when no key carries it.
    func locate(_ keysym: KeySym) throws(DesktopError) -> Location {
        if let index = borrowed.firstIndex(where: { $0.keysym == keysym }) {
            var entry = borrowed.remove(at: index)
            entry.lastUse = .now
            borrowed.append(entry)
            return Location(keycode: entry.keycode, needsShift: false)
        }
        for level in 0..<min(2, perKeycode) {
            for keycode in minKeycode...maxKeycode where symbol(of: KeyCode(keycode), level: level) == keysym {
                return Location(keycode: KeyCode(keycode), needsShift: level == 1)
            }
        }
        return Location(keycode: try bind(keysym), needsShift: false)
    }

    private func bind(_ keysym: KeySym) throws(DesktopError) -> KeyCode {
        let used = Set(borrowed.map(\.keycode))
        let keycode: KeyCode
        if let free = spareKeycodes.first(where: { !used.contains($0) }) {
            keycode = free
        } else if let oldest = borrowed.first {
            let age = ContinuousClock.now - oldest.lastUse
            if age < Self.rebindGuard {
                XSync(connection.display, 0)
                let remaining = Self.rebindGuard - age
                usleep(UInt32(remaining.components.attoseconds / 1_000_000_000_000 + remaining.components.seconds * 1_000_000))
            }
            borrowed.removeFirst()
            keycode = oldest.keycode
        } else {
            throw DesktopError(.inputFailed, "no spare keycode to bind keysym 0x\(String(keysym, radix: 16)) to")
        }
        var row = [KeySym](repeating: keysym, count: max(perKeycode, 1))
        try connection.checked("XChangeKeyboardMapping") {
            _ = XChangeKeyboardMapping(connection.display, Int32(keycode), Int32(row.count), &row, 1)
        }
        let index = Int(Int32(keycode) - minKeycode)
        for level in 0..<perKeycode { symbols[index * perKeycode + level] = keysym }
        borrowed.append((keycode, keysym, .now))
        return keycode
    }

    private func symbol(of keycode: KeyCode, level: Int) -> KeySym {
        let index = Int(Int32(keycode) - minKeycode)
        guard index >= 0, level < perKeycode, index * perKeycode + level < symbols.count else { return 0 }
        return symbols[index * perKeycode + level]
    }
}
