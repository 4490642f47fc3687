import CX11
import Glibc

/// Captures the root window of one connection into `Frame`s, through one MIT-SHM segment that is
/// reused for every capture (the X server copies the screen straight into it, ~0.2 ms at 1080p),
/// or through `XGetImage` when MIT-SHM is unavailable (a remote server, another IPC namespace).
///
/// An unchanged screen yields the previous `Frame` itself (same `generation`), so encoded
/// screenshots of it can be served from a cache. With the DAMAGE extension, a screen nobody drew on
/// is not even captured; without it (or after drawing) the pixels are compared with the last frame.
final class ScreenCapture {
    private let connection: X11Connection
    private let damage: ScreenDamage?
    private var segment: SharedImage?
    private var lastFrame: Frame?
    private var nextGeneration: UInt64 = 1
    /// Whether MIT-SHM is in use (false after a failed attach: the fallback is permanent).
    private(set) var usesSharedMemory: Bool

    init(connection: X11Connection) {
        self.connection = connection
        usesSharedMemory = XShmQueryExtension(connection.display) != 0
        damage = ScreenDamage(connection: connection)
    }

    /// Whether unchanged screens are recognised from DAMAGE reports instead of by comparing pixels.
    var tracksDamage: Bool { damage != nil }

    /// The whole screen as it is now.
    func capture() throws(DesktopError) -> Frame {
        try connection.ensureAlive()
        let (width, height) = connection.screenSize
        if let damage, let lastFrame, lastFrame.width == width, lastFrame.height == height {
            if try !damage.screenMayHaveChanged() { return lastFrame }
        }
        damage?.prepareCapture()
        if usesSharedMemory, segment?.width != width || segment?.height != height {
            segment = nil
            do {
                segment = try SharedImage(connection: connection, width: width, height: height)
            } catch {
                usesSharedMemory = false
            }
        }
        if let segment { return try captureShared(segment) }
        return try captureThroughSocket(width: width, height: height)
    }

    private func captureShared(_ segment: SharedImage) throws(DesktopError) -> Frame {
        let (width, height) = (segment.width, segment.height)
        let ok = try connection.checked("XShmGetImage", code: .screenshotFailed) { () throws(DesktopError) in
            XShmGetImage(connection.display, connection.root, segment.image, 0, 0, UInt(bitPattern: -1))
        }
        guard ok != 0 else { throw DesktopError(.screenshotFailed, "XShmGetImage failed") }
        return frame(width: width, height: height, pixels: segment.pixels, stride: segment.stride)
    }

    private func captureThroughSocket(width: Int, height: Int) throws(DesktopError) -> Frame {
        let image = try connection.checked("XGetImage", code: .screenshotFailed) { () throws(DesktopError) in
            XGetImage(connection.display, connection.root, 0, 0, UInt32(width), UInt32(height), UInt(bitPattern: -1), ZPixmap)
        }
        guard let image else { throw DesktopError(.screenshotFailed, "XGetImage returned no image") }
        defer { sa_x11_destroy_image(image) }
        try Self.checkFormat(image.pointee)
        let pixels = UnsafeRawPointer(image.pointee.data!).assumingMemoryBound(to: UInt8.self)
        return frame(width: width, height: height, pixels: pixels, stride: Int(image.pointee.bytes_per_line))
    }

    /// The previous frame when the pixels are unchanged, else a copy of them as a new frame.
    private func frame(width: Int, height: Int, pixels: UnsafePointer<UInt8>, stride: Int) -> Frame {
        if let lastFrame, lastFrame.width == width, lastFrame.height == height, lastFrame.matches(pixels, stride: stride) {
            return lastFrame
        }
        let frame = Frame(width: width, height: height, generation: nextGeneration, copying: pixels, stride: stride)
        nextGeneration += 1
        lastFrame = frame
        return frame
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

/// An `XImage` whose pixels live in a System V shared-memory segment attached to the X server.
private final class SharedImage {
    let image: UnsafeMutablePointer<XImage>
    let width: Int
    let height: Int
    private let info: UnsafeMutablePointer<XShmSegmentInfo>
    private let connection: X11Connection

    init(connection: X11Connection, width: Int, height: Int) throws(DesktopError) {
        self.connection = connection
        self.width = width
        self.height = height
        let display = connection.display
        info = .allocate(capacity: 1)
        info.initialize(to: XShmSegmentInfo())
        let visual = XDefaultVisual(display, connection.screen)
        let depth = UInt32(XDefaultDepth(display, connection.screen))
        guard let image = XShmCreateImage(display, visual, depth, ZPixmap, nil, info, UInt32(width), UInt32(height)) else {
            info.deallocate()
            throw DesktopError(.screenshotFailed, "XShmCreateImage failed")
        }
        self.image = image
        do {
            try ScreenCapture.checkFormat(image.pointee)
        } catch {
            sa_x11_destroy_shm_image(image)
            info.deallocate()
            throw error
        }
        let size = Int(image.pointee.bytes_per_line) * height
        info.pointee.shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0o600)
        guard info.pointee.shmid >= 0, let address = shmat(info.pointee.shmid, nil, 0), address != UnsafeMutableRawPointer(bitPattern: -1) else {
            if info.pointee.shmid >= 0 { shmctl(info.pointee.shmid, IPC_RMID, nil) }
            sa_x11_destroy_shm_image(image)
            info.deallocate()
            throw DesktopError(.screenshotFailed, "shared memory unavailable (errno \(errno))")
        }
        info.pointee.shmaddr = address.assumingMemoryBound(to: CChar.self)
        info.pointee.readOnly = 0
        image.pointee.data = info.pointee.shmaddr
        do {
            try connection.checked("XShmAttach", code: .screenshotFailed) { () throws(DesktopError) in
                _ = XShmAttach(display, info)
            }
        } catch {
            release(attached: false)
            throw error
        }
        // Marked for removal now: the segment disappears with its last user, even after a crash.
        shmctl(info.pointee.shmid, IPC_RMID, nil)
    }

    var pixels: UnsafePointer<UInt8> { UnsafeRawPointer(image.pointee.data!).assumingMemoryBound(to: UInt8.self) }
    var stride: Int { Int(image.pointee.bytes_per_line) }

    deinit { release(attached: true) }

    private func release(attached: Bool) {
        if attached, !connection.isLost {
            XShmDetach(connection.display, info)
            XSync(connection.display, 0)
        }
        shmdt(info.pointee.shmaddr)
        shmctl(info.pointee.shmid, IPC_RMID, nil)
        sa_x11_destroy_shm_image(image)
        info.deallocate()
    }
}
