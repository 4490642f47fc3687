import CX11
import NIOCore
public import Logging
public import SandboxAgentAPI

/// Everything the server does on one X display, serialized on the desktop executor's thread.
///
/// Two long-lived connections: one for capture (its MIT-SHM segment reused for every screenshot),
/// one for control (XTest input, windows, selections). Encoding happens off this executor, so a
/// 20 ms PNG never delays a click.
public actor X11Desktop {
    public nonisolated let displayName: String
    private nonisolated let executor: DesktopExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    private let captureConnection: X11Connection
    private let controlConnection: X11Connection
    private let capture: ScreenCapture
    private let input: InputInjector
    private let windows: WindowManagerClient
    private let selections: SelectionBroker
    private let hasCursorImages: Bool
    private let logger: Logger
    private var cache = ScreenshotCache(capacity: 4)
    /// The last native-size JPEG by MCU rows, so the next one of the same plan re-encodes only changed rows.
    private var lastJPEG: (generation: UInt64, plan: ScreenshotPlan, rows: JPEGRows)?
    /// The pointer's shape the live view last got, converted once per shape.
    private var lastCursor: LiveViewCursor?
    /// Incremented whenever DAMAGE reports drawing on the screen, the pointer's shape changes, or
    /// the desktop closes or loses its X server: the live view waits on it instead of polling.
    public nonisolated let changes = ChangeCounter()

    /// Connects to `displayName` twice and prepares capture and input.
    public init(displayName: String, executor: DesktopExecutor, logger: Logger) throws(DesktopError) {
        self.displayName = displayName
        self.executor = executor
        self.logger = logger
        captureConnection = try X11Connection(displayName: displayName)
        controlConnection = try X11Connection(displayName: displayName)
        capture = ScreenCapture(connection: captureConnection, changes: changes)
        input = try InputInjector(connection: controlConnection)
        windows = WindowManagerClient(connection: controlConnection)
        selections = SelectionBroker(connection: controlConnection)
        var eventBase: Int32 = 0, errorBase: Int32 = 0
        hasCursorImages = XFixesQueryExtension(captureConnection.display, &eventBase, &errorBase) != 0
        XFlush(controlConnection.display)
        XFlush(captureConnection.display)
        let controlSocket = controlConnection.fileDescriptor, captureSocket = captureConnection.fileDescriptor
        executor.watch(controlSocket) { [weak self] in
            self?.assumeIsolated { $0.pumpControlEvents() }
        }
        executor.watch(captureSocket) { [weak self] in
            self?.assumeIsolated { $0.pumpCaptureEvents() }
        }
    }

    /// Stops watching the connections (they close when the actor goes away) and wakes whoever
    /// waits on `changes`.
    public func close() {
        executor.unwatch(controlConnection.fileDescriptor)
        executor.unwatch(captureConnection.fileDescriptor)
        changes.increment()
    }

    // MARK: Health and geometry

    /// Whether both connections still reach the X server (one round trip each, no screenshot).
    public func isConnected() -> Bool {
        defer { capture.drainEvents() }
        for connection in [captureConnection, controlConnection] {
            XSync(connection.display, 0)
            if connection.isLost { return false }
        }
        return true
    }

    /// Whether an EWMH window manager (openbox) manages the screen.
    public func windowManagerIsRunning() -> Bool { windows.supportsEWMH }

    /// The screen's size in pixels.
    public func screenSize() -> (width: Int, height: Int) { captureConnection.screenSize }

    /// Whether screenshots use MIT-SHM (false means the slower XGetImage fallback).
    public func usesSharedMemory() -> Bool { capture.usesSharedMemory }

    // MARK: Screenshots

    /// Captures and encodes a screenshot; an unchanged screen is served from the cache.
    public func screenshot(_ options: ScreenshotOptions) async throws(DesktopError) -> Screenshot {
        let frame = try capture.capture()
        let plan = try options.plan(screenWidth: frame.width, screenHeight: frame.height)
        let cursor = options.showCursor ? cursorImage() : nil
        let key = ScreenshotCache.Key(generation: frame.generation, plan: plan, cursorSerial: cursor?.serial, cursorX: cursor?.x, cursorY: cursor?.y)
        if let data = cache[key] { return Screenshot(data: data, plan: plan) }
        let data = try await encode(frame, plan: plan, cursor: cursor)
        cache[key] = data
        return Screenshot(data: data, plan: plan)
    }

    /// Encodes `frame` as `plan` asks; a native-size JPEG re-encodes only the MCU rows that changed
    /// since the last one of the same plan.
    private func encode(_ frame: Frame, plan: ScreenshotPlan, cursor: CursorImage?) async throws(DesktopError) -> ByteBuffer {
        guard plan.format == .jpeg, cursor == nil, plan.outputWidth == plan.region.width, plan.outputHeight == plan.region.height else {
            return try await ScreenshotEncoder.encode(frame, plan: plan, cursor: cursor)
        }
        let previous = lastJPEG?.plan == plan ? lastJPEG : nil
        let changedRows = previous.flatMap { capture.areaChanged(since: $0.generation)?.rows }
        let jpeg = try await ScreenshotEncoder.encodeJPEG(frame, plan: plan, reusing: previous?.rows, changedRows: changedRows)
        if let rows = jpeg.rows { lastJPEG = (frame.generation, plan, rows) }
        return jpeg.data
    }

    /// The screen as it is now, the pointer's position and its shape, for the live view. When
    /// DAMAGE reports nothing drawn, no capture happens and the same `Frame` (same generation)
    /// comes back. `changedArea` bounds what changed since generation `since` (the image a viewer
    /// shows), nil when that is not known. `cursor` is nil without XFixes. `changes` is
    /// the value `changes` had before the capture (nil without DAMAGE): once it moves past that,
    /// the screen or the pointer's shape may differ from this frame.
    public func liveFrame(since: UInt64?) throws(DesktopError) -> LiveFrame {
        let seen = capture.tracksDamage ? changes.value : nil
        let frame = try capture.capture()
        let changedArea = since.flatMap { capture.areaChanged(since: $0) }
        // The shape is fetched again only after XFixes reported a new one; else only the position.
        if lastCursor != nil, !capture.takeCursorShapeChange() {
            return LiveFrame(frame: frame, changedArea: changedArea, pointer: try pointerPosition(), cursor: lastCursor, changes: seen)
        }
        guard let image = cursorImage() else {
            let pointer = try input.pointer()
            return LiveFrame(frame: frame, changedArea: changedArea, pointer: ScreenPoint(x: pointer.x, y: pointer.y), cursor: nil, changes: seen)
        }
        if lastCursor?.serial != image.serial { lastCursor = LiveViewCursor(image) }
        return LiveFrame(frame: frame, changedArea: changedArea, pointer: ScreenPoint(x: image.x, y: image.y), cursor: lastCursor, changes: seen)
    }

    /// Where the pointer is (one round trip). The live view asks between changes: a pointer moved
    /// with XWarpPointer (as `xdotool mousemove` does) draws nothing and raises no event.
    public func pointerPosition() throws(DesktopError) -> ScreenPoint {
        try captureConnection.ensureAlive()
        defer { capture.drainEvents() }
        var root: Window = 0, child: Window = 0, rootX: Int32 = 0, rootY: Int32 = 0, windowX: Int32 = 0, windowY: Int32 = 0, mask: UInt32 = 0
        XQueryPointer(captureConnection.display, captureConnection.root, &root, &child, &rootX, &rootY, &windowX, &windowY, &mask)
        try captureConnection.ensureAlive()
        return ScreenPoint(x: Int(rootX), y: Int(rootY))
    }

    /// Waits until X reports a change after `seen` (`changes`; returns nil) or the pointer is no
    /// longer at `pointer` (returns where it is), asking where it is every `pointerCheck.fast`
    /// until `pointerCheck.fastUntil`, then every `pointerCheck.slow`. Runs on the desktop's
    /// thread from wake to wake, so a check costs one thread switch and one round trip; a
    /// cancelled task returns nil at the next check.
    public func nextChange(
        after seen: UInt64, pointer: ScreenPoint?, pointerCheck: (fast: Duration, fastUntil: ContinuousClock.Instant, slow: Duration)
    ) async throws(DesktopError) -> ScreenPoint? {
        func nextCheck() -> ContinuousClock.Instant {
            let now = ContinuousClock.now
            return now + (now < pointerCheck.fastUntil ? pointerCheck.fast : pointerCheck.slow)
        }
        while await !changes.wait(after: seen, until: nextCheck()), !Task.isCancelled {
            let now = try pointerPosition()
            if now != pointer { return now }
        }
        return nil
    }

    /// Waits until the screen has not changed for `quiet`, or until `timeout`; returns whether it settled.
    public func waitUntilStable(quiet: Duration, timeout: Duration) async throws(DesktopError) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var generation = try capture.capture().generation
        var unchangedSince = ContinuousClock.now
        while true {
            let now = ContinuousClock.now
            if now - unchangedSince >= quiet { return true }
            if now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
            let current = try capture.capture().generation
            if current != generation {
                generation = current
                unchangedSince = ContinuousClock.now
            }
        }
    }

    private func cursorImage() -> CursorImage? {
        guard hasCursorImages else { return nil }
        defer { capture.drainEvents() }
        guard let image = XFixesGetCursorImage(captureConnection.display) else { return nil }
        defer { XFree(image) }
        let cursor = image.pointee
        return CursorImage(
            x: Int(cursor.x), y: Int(cursor.y), hotspotX: Int(cursor.xhot), hotspotY: Int(cursor.yhot),
            width: Int(cursor.width), height: Int(cursor.height), serial: UInt(cursor.cursor_serial),
            pixels: Array(UnsafeBufferPointer(start: cursor.pixels, count: Int(cursor.width) * Int(cursor.height))))
    }

    // MARK: Pointer

    public func mousePosition() throws(DesktopError) -> MousePosition { try input.pointer() }

    public func moveMouse(to point: ScreenPoint) throws(DesktopError) -> MousePosition {
        try checkOnScreen(point)
        input.move(to: point)
        return try flushPointerInput()
    }

    /// Moves (when `point` is given) then clicks `count` times.
    public func click(at point: ScreenPoint?, button: MouseButton, count: Int) throws(DesktopError) -> MousePosition {
        try moveIfGiven(point)
        input.click(button, count: count)
        return try flushPointerInput()
    }

    public func mouseButton(_ button: MouseButton, down: Bool, at point: ScreenPoint?) throws(DesktopError) -> MousePosition {
        try moveIfGiven(point)
        input.button(button, down: down)
        return try flushPointerInput()
    }

    /// Press at `start`, move through intermediate points to `end`, release.
    public func drag(from start: ScreenPoint, to end: ScreenPoint, button: MouseButton) throws(DesktopError) -> MousePosition {
        try checkOnScreen(start, x: "startX", y: "startY")
        try checkOnScreen(end, x: "endX", y: "endY")
        input.move(to: start)
        input.button(button, down: true)
        let steps = 8
        for step in 1...steps {
            input.move(to: ScreenPoint(x: start.x + (end.x - start.x) * step / steps, y: start.y + (end.y - start.y) * step / steps))
        }
        input.button(button, down: false)
        return try flushPointerInput()
    }

    public func scroll(at point: ScreenPoint?, deltaX: Int, deltaY: Int) throws(DesktopError) -> MousePosition {
        try moveIfGiven(point)
        input.scroll(deltaX: deltaX, deltaY: deltaY)
        return try flushPointerInput()
    }

    /// Sends the queued pointer input and wakes the live viewers (`changes`), so the pointer's
    /// new position reaches them now rather than at their next check; returns where it is.
    private func flushPointerInput() throws(DesktopError) -> MousePosition {
        try input.flush()
        changes.increment()
        return try input.pointer()
    }

    /// Queues a move to `point` when one is given (actions at the current position pass nil).
    private func moveIfGiven(_ point: ScreenPoint?) throws(DesktopError) {
        guard let point else { return }
        try checkOnScreen(point)
        input.move(to: point)
    }

    /// Throws a 400 naming `x` or `y` when the point lies outside the screen.
    func checkOnScreen(_ point: ScreenPoint, x: String = "x", y: String = "y") throws(DesktopError) {
        let (width, height) = captureConnection.screenSize
        if point.x < 0 || point.x >= width { throw .invalid(x, "must be between 0 and \(width - 1)") }
        if point.y < 0 || point.y >= height { throw .invalid(y, "must be between 0 and \(height - 1)") }
    }

    // MARK: Keyboard

    /// Presses a chord ("ctrl+shift+t") with extra modifiers held around it.
    public func pressKey(_ spec: String, modifiers: KeyModifiers?) throws(DesktopError) {
        let chord = try keysyms(spec, modifiers: modifiers)
        try input.press(chord: chord)
        try input.flush()
    }

    /// Presses (`down`) or releases the keys of a chord; releases go in reverse order.
    public func setKey(_ spec: String, down: Bool) throws(DesktopError) {
        let chord = try keysyms(spec, modifiers: nil)
        for keysym in down ? chord : chord.reversed() { try input.key(keysym, down: down) }
        try input.flush()
    }

    /// Types `text` character by character, `delay` between characters (none by default).
    public func type(_ text: String, delay: Duration) async throws(DesktopError) {
        try Self.checkTypeable(text)
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            if scalar == "\n", previousWasCarriageReturn { continue }
            try input.type(scalar)
            if delay > .zero {
                try input.flush()
                try? await Task.sleep(for: delay)
            }
        }
        try input.flush()
    }

    private func keysyms(_ spec: String, modifiers: KeyModifiers?) throws(DesktopError) -> [KeySym] {
        var chord: [KeySym] = []
        for name in modifiers?.keyNames ?? [] { chord.append(try KeyNames.keysym(named: name, field: "modifiers")) }
        for keysym in try KeyNames.parseChord(spec, field: "key") where !chord.contains(keysym) { chord.append(keysym) }
        return chord
    }

    /// Control characters other than newline, tab, backspace and escape have no key to type.
    static func checkTypeable(_ text: String) throws(DesktopError) {
        for (index, scalar) in text.unicodeScalars.enumerated() {
            let allowed: Set<Unicode.Scalar> = ["\n", "\r", "\t", "\u{8}", "\u{1b}"]
            if scalar.properties.generalCategory == .control, !allowed.contains(scalar) {
                throw .invalid("text", "contains the control character U+\(String(scalar.value, radix: 16, uppercase: true)) at position \(index)")
            }
        }
    }

    // MARK: Windows

    public func listWindows() -> [DesktopWindowInfo] { windows.list() }

    public func focusedWindow() -> DesktopWindowInfo? {
        guard let active = windows.activeWindow() else { return nil }
        return windows.info(of: active, active: active)
    }

    public func focusWindow(_ id: WindowID) async throws(DesktopError) -> DesktopWindowInfo {
        try windows.requestFocus(id)
        return try await settle(id) { $0.isActive }
    }

    public func moveWindow(_ id: WindowID, to point: ScreenPoint) async throws(DesktopError) -> DesktopWindowInfo {
        let before = try windows.existing(id)
        try windows.requestMove(id, to: point)
        return try await settle(id) { $0.x != before.x || $0.y != before.y }
    }

    public func resizeWindow(_ id: WindowID, width: Int, height: Int) async throws(DesktopError) -> DesktopWindowInfo {
        try windows.requestResize(id, width: width, height: height)
        return try await settle(id) { $0.width == width && $0.height == height }
    }

    /// A window whose `_NET_WM_PID` is `pid`, for `launch` with `wait`.
    public func window(ofProcess pid: Int32) -> DesktopWindowInfo? {
        windows.window(ofProcess: pid)
    }

    /// How long window requests wait for the window manager to carry them out.
    static let windowSettleDeadline: Duration = .seconds(2)

    /// Polls the window until `done` holds or the deadline passes, then returns it as it is (the
    /// window manager may adjust or refuse a request).
    private func settle(_ id: WindowID, until done: (DesktopWindowInfo) -> Bool) async throws(DesktopError) -> DesktopWindowInfo {
        let deadline = ContinuousClock.now + Self.windowSettleDeadline
        while true {
            let info = try windows.existing(id)
            if done(info) || ContinuousClock.now >= deadline { return info }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    // MARK: Clipboard

    /// Owns the selection(s) with `text` until another client takes them.
    public func setClipboard(_ text: String, selections targets: [ClipboardSelection]) throws(DesktopError) {
        for selection in targets { try selections.own(selection, text: text) }
    }

    /// The text of the selection ("" when nobody owns it or the owner has no text).
    public func clipboard(_ selection: ClipboardSelection, timeout: Duration = .seconds(2)) async throws(DesktopError) -> String {
        if let text = selections.ownedText(selection) { return text }
        try selections.startRead(selection)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            pumpControlEvents()
            if let read = selections.finishedRead(selection) { return read.text ?? "" }
            try? await Task.sleep(for: .milliseconds(2))
        }
        selections.abandonRead(selection)
        throw DesktopError(.clipboardFailed, "the owner of the \(selection.rawValue) selection did not answer within \(timeout)")
    }

    // MARK: Events

    /// Handles what arrived on the capture connection (damage and cursor notifies, which increment
    /// `changes`); runs whenever its socket is readable. A lost connection is unwatched and wakes
    /// the waiters, whose next capture reports the loss.
    private func pumpCaptureEvents() {
        capture.drainEvents()
        if captureConnection.isLost {
            executor.unwatch(captureConnection.fileDescriptor)
            changes.increment()
        }
    }

    /// Serves selection requests and notices keymap changes; runs whenever the control connection
    /// has data (watched by the executor) and while waiting for a selection.
    private func pumpControlEvents() {
        let display = controlConnection.display
        if controlConnection.isLost {
            executor.unwatch(controlConnection.fileDescriptor)
            return
        }
        while XPending(display) > 0 {
            var event = XEvent()
            XNextEvent(display, &event)
            if event.type == MappingNotify {
                XRefreshKeyboardMapping(&event.xmapping)
                input.keyboard.reload()
            } else {
                selections.handle(&event)
            }
        }
    }
}
