import CX11

/// Tells whether anything was drawn on the screen since the last capture, through the X DAMAGE
/// extension, so an unchanged screen costs one round trip instead of a capture and a comparison.
///
/// The damage object watches the root window and its inferiors with `XDamageReportNonEmpty`: the
/// server sends one notify when the damaged region goes from empty to non-empty, and
/// `prepareCapture` empties it again right before each capture. Drawing processed between that
/// and the capture is in the captured pixels and is also reported, so the next call captures
/// again: damage can cause an extra capture, never a stale frame.
final class ScreenDamage {
    private let connection: X11Connection
    private let damage: Damage
    private let notifyEventType: Int32
    private var damaged = true

    /// Nil when the X server has no DAMAGE extension (the caller then captures every time).
    init?(connection: X11Connection) {
        var eventBase: Int32 = 0, errorBase: Int32 = 0
        guard XDamageQueryExtension(connection.display, &eventBase, &errorBase) != 0 else { return nil }
        self.connection = connection
        notifyEventType = eventBase + XDamageNotify
        damage = XDamageCreate(connection.display, connection.root, XDamageReportNonEmpty)
    }

    deinit {
        if !connection.isLost { XDamageDestroy(connection.display, damage) }
    }

    /// Whether the screen may differ from the last capture (one round trip: every drawing request
    /// the server processed before it has had its notify queued on this connection by then).
    func screenMayHaveChanged() throws(DesktopError) -> Bool {
        try connection.sync()
        var event = XEvent()
        while XCheckTypedEvent(connection.display, notifyEventType, &event) != 0 { damaged = true }
        return damaged
    }

    /// Forgets the damage so far; call right before capturing (the capture's round trip carries it).
    func prepareCapture() {
        XDamageSubtract(connection.display, damage, 0, 0)
        damaged = false
    }
}
