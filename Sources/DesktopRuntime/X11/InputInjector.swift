import CX11
import SandboxAgentAPI

/// Synthesizes pointer and keyboard input with XTest on the input connection.
///
/// Every call queues XTest requests; `flush` sends them and waits for the server (one round trip,
/// well under a millisecond), so errors surface on the request that caused them and the input has
/// reached the server before the HTTP response leaves.
final class InputInjector {
    private let connection: X11Connection
    let keyboard: KeyboardMap

    init(connection: X11Connection) throws(DesktopError) {
        var event: Int32 = 0, error: Int32 = 0, major: Int32 = 0, minor: Int32 = 0
        guard XTestQueryExtension(connection.display, &event, &error, &major, &minor) != 0 else {
            throw DesktopError(.runtimeFailed, "the X server lacks the XTEST extension (Xvfb has it by default)")
        }
        self.connection = connection
        keyboard = KeyboardMap(connection: connection)
    }

    func move(to point: ScreenPoint) {
        XTestFakeMotionEvent(connection.display, -1, Int32(point.x), Int32(point.y), 0)
    }

    func button(_ button: MouseButton, down: Bool) {
        XTestFakeButtonEvent(connection.display, button.number, down ? 1 : 0, 0)
    }

    /// `count` presses and releases; toolkits see a double/triple click because the events arrive
    /// back to back, far inside any double-click interval.
    func click(_ button: MouseButton, count: Int) {
        for _ in 0..<count {
            self.button(button, down: true)
            self.button(button, down: false)
        }
    }

    /// Wheel clicks: buttons 4/5 vertically (up/down), 6/7 horizontally (left/right).
    func scroll(deltaX: Int, deltaY: Int) {
        let vertical: MouseButton = deltaY < 0 ? .wheelUp : .wheelDown
        let horizontal: MouseButton = deltaX < 0 ? .wheelLeft : .wheelRight
        for _ in 0..<abs(deltaY) { click(vertical, count: 1) }
        for _ in 0..<abs(deltaX) { click(horizontal, count: 1) }
    }

    /// Presses (or releases) one keysym, adding Shift around it when its key needs it.
    func key(_ keysym: KeySym, down: Bool) throws(DesktopError) {
        let location = try keyboard.locate(keysym)
        if location.needsShift, down { try key(KeySym(XK_Shift_L), down: true) }
        XTestFakeKeyEvent(connection.display, UInt32(location.keycode), down ? 1 : 0, 0)
        if location.needsShift, !down { try key(KeySym(XK_Shift_L), down: false) }
    }

    /// Presses the chord's keys in order and releases them in reverse.
    func press(chord: [KeySym]) throws(DesktopError) {
        for keysym in chord { try key(keysym, down: true) }
        for keysym in chord.reversed() { try key(keysym, down: false) }
    }

    /// Types one character: its key (bound to a spare keycode if the map lacks it), pressed and released.
    func type(_ scalar: Unicode.Scalar) throws(DesktopError) {
        let keysym: KeySym
        switch scalar {
        case "\n", "\r": keysym = KeySym(XK_Return)
        case "\t": keysym = KeySym(XK_Tab)
        case "\u{8}": keysym = KeySym(XK_BackSpace)
        case "\u{1b}": keysym = KeySym(XK_Escape)
        default: keysym = KeyNames.keysym(for: scalar)
        }
        try key(keysym, down: true)
        try key(keysym, down: false)
    }

    /// Sends the queued requests and waits until the server processed them.
    func flush() throws(DesktopError) {
        try connection.checked("XTest input") {}
    }

    /// Where the pointer is and the top-level window under it.
    func pointer() throws(DesktopError) -> MousePosition {
        var rootReturn: Window = 0, child: Window = 0
        var rootX: Int32 = 0, rootY: Int32 = 0, windowX: Int32 = 0, windowY: Int32 = 0
        var mask: UInt32 = 0
        let ok = try connection.checked("XQueryPointer") {
            XQueryPointer(connection.display, connection.root, &rootReturn, &child, &rootX, &rootY, &windowX, &windowY, &mask)
        }
        guard ok != 0 else { throw DesktopError(.inputFailed, "the pointer is not on the desktop's screen") }
        return MousePosition(x: Int(rootX), y: Int(rootY), screen: Int(connection.screen), window: child == 0 ? nil : WindowID(child).description)
    }
}
