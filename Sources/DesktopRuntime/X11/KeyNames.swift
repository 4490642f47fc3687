import CX11
import Foundation

/// Parses key names and chords ("ctrl+shift+t", "Return", "page_down", "é") into X keysyms.
///
/// Accepts X keysym names exactly as xdotool takes them, plus case-insensitive aliases; a single
/// character stands for its own key (keeping its case); an unknown name is an error naming it —
/// never a silent no-op as with xdotool.
enum KeyNames {
    /// Aliases, lowercased, to keysym names.
    private static let aliases: [String: String] = [
        "enter": "Return", "return": "Return", "ret": "Return", "tab": "Tab", "space": "space",
        "backspace": "BackSpace", "bksp": "BackSpace", "delete": "Delete", "del": "Delete", "insert": "Insert", "ins": "Insert",
        "escape": "Escape", "esc": "Escape", "home": "Home", "end": "End",
        "pageup": "Page_Up", "page_up": "Page_Up", "pgup": "Page_Up", "prior": "Prior",
        "pagedown": "Page_Down", "page_down": "Page_Down", "pgdn": "Page_Down", "next": "Next",
        "up": "Up", "down": "Down", "left": "Left", "right": "Right",
        "arrowup": "Up", "arrowdown": "Down", "arrowleft": "Left", "arrowright": "Right",
        "ctrl": "Control_L", "control": "Control_L", "lctrl": "Control_L", "rctrl": "Control_R",
        "shift": "Shift_L", "lshift": "Shift_L", "rshift": "Shift_R",
        "alt": "Alt_L", "lalt": "Alt_L", "ralt": "Alt_R", "option": "Alt_L", "altgr": "ISO_Level3_Shift",
        "cmd": "Super_L", "command": "Super_L", "super": "Super_L", "meta": "Super_L", "win": "Super_L", "windows": "Super_L",
        "capslock": "Caps_Lock", "caps_lock": "Caps_Lock", "numlock": "Num_Lock", "scrolllock": "Scroll_Lock",
        "printscreen": "Print", "print": "Print", "prtsc": "Print", "pause": "Pause", "menu": "Menu",
        "plus": "plus", "minus": "minus", "comma": "comma", "period": "period", "slash": "slash",
    ]

    /// The keysyms of a chord, in press order. `+` separates keys; a literal plus is "plus".
    static func parseChord(_ spec: String, field: String) throws(DesktopError) -> [KeySym] {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .invalid(field, "must name a key") }
        if trimmed == "+" { return [try keysym(named: "plus", field: field)] }
        var parts = trimmed.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        if trimmed.hasSuffix("++") {  // "ctrl++" = ctrl and plus
            parts.removeLast(2)
            parts.append("plus")
        }
        var keysyms: [KeySym] = []
        for part in parts {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw .invalid(field, "has an empty key name in \"\(spec)\"") }
            keysyms.append(try keysym(named: name, field: field))
        }
        return keysyms
    }

    /// The keysym of one key name.
    static func keysym(named name: String, field: String) throws(DesktopError) -> KeySym {
        if let alias = aliases[name.lowercased()] { return XStringToKeysym(alias) }
        let exact = XStringToKeysym(name)
        if exact != 0 { return exact }
        let scalars = name.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first { return keysym(for: scalar) }
        let capitalized = name.split(separator: "_", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            .joined(separator: "_")
        let guessed = XStringToKeysym(capitalized)
        if guessed != 0 { return guessed }
        throw .invalid(field, "names an unknown key \"\(name)\" (use X keysym names such as Return, Page_Down, F5, or aliases such as enter, ctrl, pagedown)")
    }

    /// The keysym that types `scalar`: Latin-1 keysyms are the code point, others are 0x01000000 + U.
    static func keysym(for scalar: Unicode.Scalar) -> KeySym {
        let value = KeySym(scalar.value)
        if (0x20...0x7e).contains(value) || (0xa0...0xff).contains(value) { return value }
        return 0x0100_0000 | value
    }
}
