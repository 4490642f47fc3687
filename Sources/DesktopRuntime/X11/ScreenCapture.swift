import CX11
import Glibc

/// Captures the root window of one connection into `Frame`s, through one MIT-SHM segment that is
/// reused for every capture (the X server copies the screen straight into it), or through
/// `XGetImage` when MIT-SHM is unavailable (a remote server, another IPC namespace).
///
/// An unchanged screen yields the previous `Frame` itself (same `generation`), so encoded
/// screenshots of it can be served from a cache. With the DAMAGE extension a screen nobody drew on
/// is not captured at all, and after small drawings only the damaged rectangles are captured and
/// patched into the previous frame (in place when nothing else holds it). At least once per
/// `fullCaptureInterval` the whole screen is captured and compared instead, which bounds what a
/// damage report the server failed to send could hide.
final class ScreenCapture {
    /// The longest time between two whole-screen captures while damage is trusted in between.
    /// Each costs a copy and a compare of the whole screen (about 3 ms at 1080p, X server and
    /// ours): at one a second that was most of what a viewer of someone typing cost.
    static let fullCaptureInterval: Duration = .seconds(5)
    /// More damaged rectangles than this are captured as their bounding box; damage over more than
    /// half the screen is captured as a whole screen.
    static let maximumDamagedRegions = 16
    /// How many generations back `areaChanged(since:)` can answer.
    static let rememberedChanges = 64

    private let connection: X11Connection
    private let damage: ScreenDamage?
    private var segment: SharedImage?
    private var lastFrame: Frame?
    private var lastFullCapture = ContinuousClock.now
    private var nextGeneration: UInt64 = 1
    /// The bounds of what each recent generation changed from the one before, oldest first.
    private var changes: [(generation: UInt64, area: ScreenRegion)] = []
    /// Whether MIT-SHM is in use (false after a failed attach: the fallback is permanent).
    private(set) var usesSharedMemory: Bool

    /// `changes` is incremented whenever DAMAGE reports drawing or the pointer's shape changes.
    init(connection: X11Connection, changes: ChangeCounter) {
        self.connection = connection
        usesSharedMemory = XShmQueryExtension(connection.display) != 0
        damage = ScreenDamage(connection: connection, changes: changes)
    }

    /// Whether DAMAGE tells when the screen changes (else only capturing it again tells).
    var tracksDamage: Bool { damage != nil }

    /// Handles the events the connection received (see `ScreenDamage.drainEvents`); call after
    /// any request on the connection that waits for a reply.
    func drainEvents() {
        damage?.drainEvents()
    }

    /// Whether the pointer's shape may have changed since the last call (always true without
    /// XFixes cursor notifies).
    func takeCursorShapeChange() -> Bool {
        damage?.takeCursorShapeChange() ?? true
    }

    /// The whole screen as it is now.
    func capture() throws(DesktopError) -> Frame {
        try connection.ensureAlive()
        defer { drainEvents() }
        let (width, height) = connection.screenSize
        if usesSharedMemory, segment?.width != width || segment?.height != height {
            segment = nil
            do {
                segment = try SharedImage(connection: connection, width: width, height: height)
            } catch {
                usesSharedMemory = false
            }
        }
        if let frame = try captureDamage(width: width, height: height) { return frame }
        return try captureWhole(width: width, height: height)
    }

    /// The last frame, patched with what DAMAGE reports drawn since; nil when the whole screen
    /// must be captured instead (no damage tracking, no usable last frame, a whole capture is due,
    /// or the damage is too large).
    private func captureDamage(width: Int, height: Int) throws(DesktopError) -> Frame? {
        guard let damage, let lastFrame, lastFrame.width == width, lastFrame.height == height,
            ContinuousClock.now - lastFullCapture < Self.fullCaptureInterval
        else { return nil }
        guard try damage.screenMayHaveChanged() else { return lastFrame }
        guard let damaged = try damage.takeDamagedRegions(within: lastFrame.bounds) else { return nil }
        // Shapes come as many spans (an ellipse is one rectangle per row): then their bounds.
        let regions = damaged.count <= Self.maximumDamagedRegions ? damaged : [damaged.dropFirst().reduce(damaged[0]) { $0.union($1) }]
        guard regions.reduce(0, { $0 + $1.width * $1.height }) <= width * height / 2 else { return nil }
        return try patch(regions)
    }

    /// The whole screen, patched into the last frame as the band of rows that changed.
    private func captureWhole(width: Int, height: Int) throws(DesktopError) -> Frame {
        damage?.prepareFullCapture()
        let screen = ScreenRegion(x: 0, y: 0, width: width, height: height)
        let frame = try withPixels(of: screen) { pixels, stride in
            // Taken out, so the frame is patched in place when no encoder holds it.
            guard var frame = lastFrame.take(), frame.width == width, frame.height == height else {
                changes.removeAll()
                defer { nextGeneration += 1 }
                return Frame(width: width, height: height, generation: nextGeneration, copying: pixels, stride: stride)
            }
            if let rows = frame.changedRows(comparedWith: pixels, stride: stride) {
                let band = ScreenRegion(x: 0, y: rows.lowerBound, width: width, height: rows.count)
                frame.update(band, from: pixels + rows.lowerBound * stride, stride: stride, generation: nextGeneration)
                record(band)
            }
            return frame
        }
        lastFrame = frame
        lastFullCapture = .now
        return frame
    }

    /// The bounds of what changed from frame `generation` to the last one (an empty region if
    /// nothing), or nil when that is not known (a generation from before the last resize, or too
    /// old). Damage captures bound the columns too; whole captures only the rows.
    func areaChanged(since generation: UInt64) -> ScreenRegion? {
        guard let current = lastFrame?.generation, generation <= current else { return nil }
        guard generation < current else { return ScreenRegion(x: 0, y: 0, width: 0, height: 0) }
        guard let oldest = changes.first?.generation, oldest <= generation + 1 else { return nil }
        let since = changes.drop { $0.generation <= generation }.map(\.area)
        return since.dropFirst().reduce(since[since.startIndex]) { $0.union($1) }
    }

    /// Notes that a new generation (`nextGeneration`) differs from the one before within `area`.
    private func record(_ area: ScreenRegion) {
        changes.append((nextGeneration, area))
        if changes.count > Self.rememberedChanges { changes.removeFirst(changes.count - Self.rememberedChanges) }
        nextGeneration += 1
    }

    /// The last frame with `regions` captured anew; a new generation only if a pixel changed. The
    /// last frame is taken out while it is patched (so the update happens in place when no encoder
    /// holds it); after an error there is none, and the next capture is a whole one.
    private func patch(_ regions: [ScreenRegion]) throws(DesktopError) -> Frame {
        var frame = lastFrame.take()!
        var changed: ScreenRegion?
        for region in regions {
            try withPixels(of: region) { pixels, stride in
                if !frame.matches(region, pixels, stride: stride) {
                    frame.update(region, from: pixels, stride: stride, generation: nextGeneration)
                    changed = changed?.union(region) ?? region
                }
            }
        }
        if let changed { record(changed) }
        lastFrame = frame
        return frame
    }

    /// Runs `body` on the pixels of `region` (rows `stride` bytes apart), valid only during the call.
    private func withPixels<T>(
        of region: ScreenRegion, _ body: (UnsafePointer<UInt8>, Int) throws(DesktopError) -> T
    ) throws(DesktopError) -> T {
        if let segment {
            let stride = try segment.capture(region)
            return try body(segment.pixels, stride)
        }
        let image = try connection.checked("XGetImage", code: .screenshotFailed) { () throws(DesktopError) in
            XGetImage(
                connection.display, connection.root, Int32(region.x), Int32(region.y), UInt32(region.width), UInt32(region.height),
                UInt(bitPattern: -1), ZPixmap)
        }
        guard let image else { throw DesktopError(.screenshotFailed, "XGetImage returned no image") }
        defer { sa_x11_destroy_image(image) }
        try Self.checkFormat(image.pointee)
        return try body(UnsafeRawPointer(image.pointee.data!).assumingMemoryBound(to: UInt8.self), Int(image.pointee.bytes_per_line))
    }

    /// Only 32-bit little-endian pixels (BGRX), which every 24/32-bit TrueColor server gives.
    static func checkFormat(_ image: XImage) throws(DesktopError) {
        guard image.bits_per_pixel == 32, image.byte_order == LSBFirst, image.depth >= 24 else {
            throw DesktopError(
                .screenshotFailed,
                "unsupported screen format: depth \(image.depth), \(image.bits_per_pixel) bits per pixel; start Xvfb with -screen 0 WxHx24")
        }
    }
}
