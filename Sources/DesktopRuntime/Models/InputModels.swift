/// A point on the screen in screen pixels.
public struct ScreenPoint: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A mouse button: upstream's names plus back/forward and the wheel buttons.
public enum MouseButton: String, Sendable, Codable, CaseIterable {
    case left, middle, right, back, forward
    case wheelUp, wheelDown, wheelLeft, wheelRight

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

/// Where the pointer is (`DesktopMousePositionResponse`).
public struct MousePosition: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    /// The X screen number.
    public var screen: Int?
    /// The top-level window under the pointer, if any.
    public var window: String?
}

/// Modifier keys held around a key press (`keyboard/press` `modifiers`).
public struct KeyModifiers: Sendable, Hashable, Codable {
    public var ctrl: Bool?
    public var shift: Bool?
    public var alt: Bool?
    public var cmd: Bool?

    public init(ctrl: Bool? = nil, shift: Bool? = nil, alt: Bool? = nil, cmd: Bool? = nil) {
        self.ctrl = ctrl
        self.shift = shift
        self.alt = alt
        self.cmd = cmd
    }

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
