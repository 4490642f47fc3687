import SandboxAgentAPI

/// A point on the screen in screen pixels.
public struct ScreenPoint: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

extension MouseButton {
    /// The X button number.
    var number: UInt32 {
        switch self {
        case .left: 1
        case .middle: 2
        case .right: 3
        case .wheelUp: 4
        case .wheelDown: 5
        case .wheelLeft: 6
        case .wheelRight: 7
        case .back: 8
        case .forward: 9
        }
    }
}

extension KeyModifiers {
    /// The modifier key names in press order.
    var keyNames: [String] {
        [(ctrl, "Control_L"), (shift, "Shift_L"), (alt, "Alt_L"), (cmd, "Super_L")].compactMap { $0.0 == true ? $0.1 : nil }
    }
}

/// An X window id, written in decimal in the API and accepted in decimal or 0x-hexadecimal.
public struct WindowID: Sendable, Hashable, CustomStringConvertible {
    public var value: UInt

    public init(_ value: UInt) { self.value = value }

    /// Parses "4194313" or "0x400009".
    public init?(parsing text: String) {
        let parsed = text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt(text.dropFirst(2), radix: 16) : UInt(text)
        guard let parsed, parsed > 0, parsed <= UInt(UInt32.max) else { return nil }
        value = parsed
    }

    public var description: String { "\(value)" }
}
