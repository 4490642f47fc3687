import CX11

/// Tells whether anything was drawn on the screen since the last capture, and where, through the X
/// DAMAGE extension: an unchanged screen costs one round trip instead of a capture and a
/// comparison, and a small change only needs its rectangles captured.
///
/// The damage object watches the root window and its inferiors with `XDamageReportNonEmpty`: the
/// server sends one notify when the damaged region goes from empty to non-empty, and each capture
/// empties it first (`prepareFullCapture` or `takeDamagedRegions`). Drawing processed between that
/// and the capture is in the captured pixels and is also reported, so the next call captures
/// again: damage can cause an extra capture, never a stale frame.
///
/// Every notify, and every change of the pointer's shape (XFixes cursor notify), also increments
/// `changes`, which the live view waits on instead of polling. Events only reach `changes` when
/// this connection's queue is drained (`drainEvents`): the desktop drains it whenever the
/// connection's socket is readable and after every call that may have read events into the queue.
final class ScreenDamage {
    private let connection: X11Connection
    private let damage: Damage
    private let parts: XserverRegion
    private let notifyEventType: Int32
    private let cursorNotifyEventType: Int32
    private let changes: ChangeCounter
    private var damaged = true
    /// Whether the pointer's shape may have changed since `takeCursorShapeChange`.
    private var cursorShapeChanged = true

    /// Nil when the X server lacks DAMAGE or XFixes (the caller then captures the whole screen every time).
    init?(connection: X11Connection, changes: ChangeCounter) {
        var fixesEventBase: Int32 = 0, damageEventBase: Int32 = 0, errorBase: Int32 = 0
        guard XFixesQueryExtension(connection.display, &fixesEventBase, &errorBase) != 0,
            XDamageQueryExtension(connection.display, &damageEventBase, &errorBase) != 0
        else { return nil }
        self.connection = connection
        self.changes = changes
        notifyEventType = damageEventBase + XDamageNotify
        cursorNotifyEventType = fixesEventBase + XFixesCursorNotify
        damage = XDamageCreate(connection.display, connection.root, XDamageReportNonEmpty)
        parts = XFixesCreateRegion(connection.display, nil, 0)
        XFixesSelectCursorInput(connection.display, connection.root, UInt(XFixesDisplayCursorNotifyMask))
    }

    deinit {
        guard !connection.isLost else { return }
        XDamageDestroy(connection.display, damage)
        XFixesDestroyRegion(connection.display, parts)
    }

    /// Whether the screen may differ from the last capture (one round trip: every drawing request
    /// the server processed before it has had its notify queued on this connection by then; none
    /// when a notify already came, as when the live view woke up on it).
    func screenMayHaveChanged() throws(DesktopError) -> Bool {
        drainEvents()
        if damaged { return true }
        try connection.sync()
        drainEvents()
        return damaged
    }

    /// Reads every event queued on the connection (and what its socket holds, without waiting):
    /// damage notifies mark the screen damaged; those and cursor notifies increment `changes`.
    func drainEvents() {
        guard !connection.isLost else { return }
        var noticed = false
        var event = XEvent()
        while XPending(connection.display) > 0 {
            XNextEvent(connection.display, &event)
            if event.type == notifyEventType {
                damaged = true
                noticed = true
            } else if event.type == cursorNotifyEventType {
                cursorShapeChanged = true
                noticed = true
            }
        }
        if noticed { changes.increment() }
    }

    /// Whether an XFixes cursor notify came since the last call (true the first time), and forgets it.
    func takeCursorShapeChange() -> Bool {
        drainEvents()
        defer { cursorShapeChanged = false }
        return cursorShapeChanged
    }

    /// Forgets the damage so far; call right before capturing the whole screen.
    func prepareFullCapture() {
        XDamageSubtract(connection.display, damage, 0, 0)
        damaged = false
    }

    /// The rectangles drawn on since the last capture, clipped to `bounds`, and forgets them; call
    /// right before capturing them (one round trip). Nil when the server did not say: capture all.
    func takeDamagedRegions(within bounds: ScreenRegion) throws(DesktopError) -> [ScreenRegion]? {
        XDamageSubtract(connection.display, damage, 0, parts)
        damaged = false
        var count: Int32 = 0
        let rectangles = XFixesFetchRegion(connection.display, parts, &count)
        try connection.ensureAlive()
        guard let rectangles else { return nil }
        defer { XFree(rectangles) }
        return UnsafeBufferPointer(start: rectangles, count: Int(count)).compactMap { rectangle in
            let left = max(Int(rectangle.x), bounds.x), top = max(Int(rectangle.y), bounds.y)
            let right = min(Int(rectangle.x) + Int(rectangle.width), bounds.x + bounds.width)
            let bottom = min(Int(rectangle.y) + Int(rectangle.height), bounds.y + bounds.height)
            return right > left && bottom > top ? ScreenRegion(x: left, y: top, width: right - left, height: bottom - top) : nil
        }
    }
}
