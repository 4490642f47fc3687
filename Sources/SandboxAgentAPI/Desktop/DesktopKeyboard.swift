/// `POST /v1/desktop/keyboard/type`.
public struct KeyboardTypeRequest: Sendable, Codable {
    /// 1 to 100,000 Unicode scalars; any character can be typed.
    public var text: String
    /// Pause between characters; default 0 (as fast as the X server takes them).
    public var delayMs: Int?

    public init(text: String, delayMs: Int? = nil) {
        self.text = text
        self.delayMs = delayMs
    }
}

/// Modifier keys held around a key press (`keyboard/press` `modifiers`, schema `DesktopKeyModifiers`).
public struct KeyModifiers: Sendable, Hashable, Codable {
    public var ctrl: Bool?
    public var shift: Bool?
    public var alt: Bool?
    /// The Super (Windows/Command) key.
    public var cmd: Bool?

    public init(ctrl: Bool? = nil, shift: Bool? = nil, alt: Bool? = nil, cmd: Bool? = nil) {
        self.ctrl = ctrl
        self.shift = shift
        self.alt = alt
        self.cmd = cmd
    }
}

/// `POST /v1/desktop/keyboard/press`: a key or chord ("ctrl+shift+t"), with optional modifiers.
public struct KeyboardPressRequest: Sendable, Codable {
    public var key: String
    public var modifiers: KeyModifiers?

    public init(key: String, modifiers: KeyModifiers? = nil) {
        self.key = key
        self.modifiers = modifiers
    }
}

/// `POST /v1/desktop/keyboard/down|up`: a key or chord, pressed in order or released in reverse.
public struct KeyboardKeyRequest: Sendable, Codable {
    public var key: String

    public init(key: String) {
        self.key = key
    }
}
