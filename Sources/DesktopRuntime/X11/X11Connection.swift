import CX11

/// One open connection to an X server, used only on the desktop executor's thread.
///
/// Wraps the `Display *` with the error discipline the server needs: protocol errors are recorded
/// by the C handlers (never printed-and-exit) and turned into `DesktopError`s by `checked`, and a
/// lost connection is reported instead of terminating the process.
final class X11Connection {
    let display: OpaquePointer
    let screen: Int32
    let root: Window
    private var atoms: [String: Atom] = [:]

    /// Connects to `displayName` (e.g. ":99").
    init(displayName: String) throws(DesktopError) {
        guard let display = sa_x11_open(displayName) else {
            throw DesktopError(.runtimeFailed, "cannot connect to X display \(displayName)")
        }
        self.display = display
        screen = XDefaultScreen(display)
        root = XRootWindow(display, screen)
    }

    deinit { sa_x11_close(display) }

    /// The screen's current size in pixels.
    var screenSize: (width: Int, height: Int) {
        (Int(XDisplayWidth(display, screen)), Int(XDisplayHeight(display, screen)))
    }

    /// The socket of the connection (for watching events).
    var fileDescriptor: Int32 { XConnectionNumber(display) }

    /// Whether the X server went away.
    var isLost: Bool { sa_x11_connection_lost(display) != 0 }

    /// The atom called `name`, created if needed; cached.
    func atom(_ name: String) -> Atom {
        if let atom = atoms[name] { return atom }
        let atom = XInternAtom(display, name, 0)
        atoms[name] = atom
        return atom
    }

    /// Runs `body` (X requests), waits for the server to process them, and throws if any of them
    /// failed with a protocol error or the connection is lost.
    @discardableResult
    func checked<T>(_ operation: String, code: DesktopError.Code = .inputFailed, _ body: () throws(DesktopError) -> T) throws(DesktopError) -> T {
        try ensureAlive()
        sa_x11_clear_error(display)
        let result = try body()
        XSync(display, 0)
        try ensureAlive()
        var request: Int32 = 0
        let error = sa_x11_take_error(display, &request)
        if error != 0 {
            throw DesktopError(code, "\(operation) failed: \(errorText(error)) (request \(request))", xErrorCode: Int(error))
        }
        return result
    }

    /// Sends what is queued and waits until the server has processed it.
    func sync() throws(DesktopError) {
        XSync(display, 0)
        try ensureAlive()
    }

    /// Throws when the connection is lost. That happens when Xvfb died: the `DesktopManager`
    /// restarts the display (or, past its restart limit, fails it), so until it has noticed, the
    /// answer is the one of the `starting` state — 409, retry in a moment — not a server failure.
    func ensureAlive() throws(DesktopError) {
        if isLost {
            throw DesktopError(.runtimeStarting, "the connection to the X server was lost; the desktop is restarting, retry in a moment")
        }
    }

    private func errorText(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 160)
        sa_x11_error_text(display, code, &buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
