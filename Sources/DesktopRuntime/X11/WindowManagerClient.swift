import CX11
import SandboxAgentAPI

/// Lists and manipulates top-level windows through the window manager's EWMH hints
/// (`_NET_CLIENT_LIST`, `_NET_ACTIVE_WINDOW`, `_NET_WM_NAME`), falling back to the root's
/// children when no EWMH window manager runs.
final class WindowManagerClient {
    /// Windows smaller than this are helper windows (tooltips, docks); upstream hides them too.
    static let minimumListedSize = (width: 120, height: 80)
    private let connection: X11Connection

    init(connection: X11Connection) {
        self.connection = connection
    }

    /// Visible top-level windows with a title; the active window is always included.
    func list() -> [DesktopWindowInfo] {
        let active = activeWindow()
        return clientWindows().compactMap { window in
            guard let info = info(of: window, active: active) else { return nil }
            let isHelper = info.title.isEmpty || info.width < Self.minimumListedSize.width || info.height < Self.minimumListedSize.height
            return isHelper && !info.isActive ? nil : info
        }
    }

    /// The first visible top-level window of process `pid` (by `_NET_WM_PID`), of any size or title.
    func window(ofProcess pid: Int32) -> DesktopWindowInfo? {
        let active = activeWindow()
        return clientWindows().lazy.compactMap { self.info(of: $0, active: active) }.first { self.pid(of: $0) == pid }
    }

    /// The window that has focus, per `_NET_ACTIVE_WINDOW` (or the X input focus without a WM).
    func activeWindow() -> Window? {
        if let value = cardinals(of: connection.root, property: "_NET_ACTIVE_WINDOW", type: XA_WINDOW).first {
            return value == 0 ? nil : Window(value)
        }
        var focus: Window = 0
        var revert: Int32 = 0
        XGetInputFocus(connection.display, &focus, &revert)
        return focus > 1 && focus != connection.root ? focus : nil
    }

    /// The window's info; nil when it does not exist or is not mapped.
    func info(of window: Window, active: Window? = nil) -> DesktopWindowInfo? {
        var attributes = XWindowAttributes()
        sa_x11_clear_error(connection.display)
        let ok = XGetWindowAttributes(connection.display, window, &attributes)
        guard ok != 0, sa_x11_take_error(connection.display, nil) == 0, attributes.map_state == IsViewable else { return nil }
        var x: Int32 = 0, y: Int32 = 0
        var child: Window = 0
        XTranslateCoordinates(connection.display, window, connection.root, 0, 0, &x, &y, &child)
        return DesktopWindowInfo(
            id: WindowID(window).description, title: title(of: window), x: Int(x), y: Int(y),
            width: Int(attributes.width), height: Int(attributes.height), isActive: window == (active ?? activeWindow()))
    }

    /// The process id the window's client declares (`_NET_WM_PID`).
    func pid(of info: DesktopWindowInfo) -> Int32? {
        guard let id = WindowID(parsing: info.id) else { return nil }
        return cardinals(of: Window(id.value), property: "_NET_WM_PID", type: XA_CARDINAL).first.map { Int32(truncatingIfNeeded: $0) }
    }

    /// The info of a listed window, or `notFound`.
    func existing(_ id: WindowID) throws(DesktopError) -> DesktopWindowInfo {
        guard let info = info(of: Window(id.value)) else { throw DesktopError(.notFound, "no visible window with id \(id)") }
        return info
    }

    /// Asks the window manager to activate (raise and focus) the window.
    func requestFocus(_ id: WindowID) throws(DesktopError) {
        let window = Window(id.value)
        _ = try existing(id)
        if supportsEWMH {
            var event = XEvent()
            event.xclient.type = ClientMessage
            event.xclient.window = window
            event.xclient.message_type = connection.atom("_NET_ACTIVE_WINDOW")
            event.xclient.format = 32
            event.xclient.data.l.0 = 2  // source: pager, honoured without focus-stealing checks
            event.xclient.data.l.1 = 0
            try connection.checked("focus window \(id)") {
                _ = XSendEvent(connection.display, connection.root, 0, SubstructureRedirectMask | SubstructureNotifyMask, &event)
            }
        } else {
            try connection.checked("focus window \(id)") {
                XRaiseWindow(connection.display, window)
                XSetInputFocus(connection.display, window, RevertToParent, 0)
            }
        }
    }

    /// Asks for the window's top-left corner at (x, y); the window manager places it.
    func requestMove(_ id: WindowID, to point: ScreenPoint) throws(DesktopError) {
        _ = try existing(id)
        try connection.checked("move window \(id)") { XMoveWindow(connection.display, Window(id.value), Int32(point.x), Int32(point.y)) }
    }

    /// Asks for the window's content to be `width` x `height`.
    func requestResize(_ id: WindowID, width: Int, height: Int) throws(DesktopError) {
        _ = try existing(id)
        try connection.checked("resize window \(id)") {
            XResizeWindow(connection.display, Window(id.value), UInt32(width), UInt32(height))
        }
    }

    var supportsEWMH: Bool {
        !cardinals(of: connection.root, property: "_NET_SUPPORTING_WM_CHECK", type: XA_WINDOW).isEmpty
    }

    private func clientWindows() -> [Window] {
        let listed = cardinals(of: connection.root, property: "_NET_CLIENT_LIST", type: XA_WINDOW)
        if !listed.isEmpty { return listed.map { Window($0) } }
        var rootReturn: Window = 0, parent: Window = 0
        var children: UnsafeMutablePointer<Window>?
        var count: UInt32 = 0
        guard XQueryTree(connection.display, connection.root, &rootReturn, &parent, &children, &count) != 0, let children else { return [] }
        defer { XFree(children) }
        return UnsafeBufferPointer(start: children, count: Int(count)).filter { window in
            var attributes = XWindowAttributes()
            return XGetWindowAttributes(connection.display, window, &attributes) != 0 && attributes.override_redirect == 0
        }
    }

    private func title(of window: Window) -> String {
        if let name = bytes(of: window, property: "_NET_WM_NAME", type: connection.atom("UTF8_STRING")) {
            return String(decoding: name, as: UTF8.self)
        }
        var name: UnsafeMutablePointer<CChar>?
        guard XFetchName(connection.display, window, &name) != 0, let name else { return "" }
        defer { XFree(name) }
        return String(cString: name)
    }

    /// A 32-bit-format property as numbers (Xlib hands them out as C longs).
    private func cardinals(of window: Window, property: String, type: Atom) -> [UInt] {
        guard let raw = readProperty(of: window, name: property, type: type, format: 32) else { return [] }
        return raw.withUnsafeBytes { Array($0.bindMemory(to: UInt.self)) }
    }

    private func bytes(of window: Window, property: String, type: Atom) -> [UInt8]? {
        readProperty(of: window, name: property, type: type, format: 8)
    }

    private func readProperty(of window: Window, name: String, type: Atom, format expectedFormat: Int32) -> [UInt8]? {
        var actualType: Atom = 0
        var format: Int32 = 0
        var count: UInt = 0, remaining: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        sa_x11_clear_error(connection.display)
        let status = XGetWindowProperty(
            connection.display, window, connection.atom(name), 0, 1 << 20, 0, type,
            &actualType, &format, &count, &remaining, &data)
        defer { if let data { XFree(data) } }
        guard status == Success, sa_x11_take_error(connection.display, nil) == 0, let data, actualType == type, format == expectedFormat else { return nil }
        let itemSize = format == 32 ? MemoryLayout<UInt>.size : Int(format / 8)
        return Array(UnsafeBufferPointer(start: data, count: Int(count) * itemSize))
    }
}
