import CX11
import Glibc

/// An `XImage` whose pixels live in a System V shared-memory segment attached to the X server.
final class SharedImage {
    let image: UnsafeMutablePointer<XImage>
    let width: Int
    let height: Int
    private let info: UnsafeMutablePointer<XShmSegmentInfo>
    private let connection: X11Connection

    /// Whether the X server attached the segment (it must detach it again).
    private var attached = false

    /// Once every stored property is set, a failure only throws: a class whose initializer throws
    /// after that point is deinitialized, and `release` frees what was made (freeing it here too
    /// was a double free that aborted the server when Xvfb died during a first capture).
    init(connection: X11Connection, width: Int, height: Int) throws(DesktopError) {
        self.connection = connection
        self.width = width
        self.height = height
        let display = connection.display
        info = .allocate(capacity: 1)
        info.initialize(to: XShmSegmentInfo())
        info.pointee.shmid = -1
        let visual = XDefaultVisual(display, connection.screen)
        let depth = UInt32(XDefaultDepth(display, connection.screen))
        guard let image = XShmCreateImage(display, visual, depth, ZPixmap, nil, info, UInt32(width), UInt32(height)) else {
            info.deallocate()
            throw DesktopError(.screenshotFailed, "XShmCreateImage failed")
        }
        self.image = image
        try ScreenCapture.checkFormat(image.pointee)
        let size = Int(image.pointee.bytes_per_line) * height
        info.pointee.shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0o600)
        guard info.pointee.shmid >= 0, let address = shmat(info.pointee.shmid, nil, 0), address != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw DesktopError(.screenshotFailed, "shared memory unavailable (errno \(errno))")
        }
        info.pointee.shmaddr = address.assumingMemoryBound(to: CChar.self)
        info.pointee.readOnly = 0
        image.pointee.data = info.pointee.shmaddr
        try connection.checked("XShmAttach", code: .screenshotFailed) { () throws(DesktopError) in
            _ = XShmAttach(display, info)
        }
        attached = true
        // Marked for removal now: the segment disappears with its last user, even after a crash.
        shmctl(info.pointee.shmid, IPC_RMID, nil)
    }

    var pixels: UnsafePointer<UInt8> { UnsafeRawPointer(image.pointee.data!).assumingMemoryBound(to: UInt8.self) }
    var stride: Int { Int(image.pointee.bytes_per_line) }

    /// Has the server copy `region` of the root window to the start of the segment (the whole
    /// screen fills it); returns the stride of the rows there, which start at `pixels`.
    func capture(_ region: ScreenRegion) throws(DesktopError) -> Int {
        let display = connection.display
        var target = image
        if region.width != width || region.height != height {
            let visual = XDefaultVisual(display, connection.screen)
            let depth = UInt32(XDefaultDepth(display, connection.screen))
            guard let header = XShmCreateImage(
                display, visual, depth, ZPixmap, image.pointee.data, info, UInt32(region.width), UInt32(region.height))
            else { throw DesktopError(.screenshotFailed, "XShmCreateImage failed") }
            target = header
        }
        defer { if target != image { sa_x11_destroy_shm_image(target) } }
        let ok = try connection.checked("XShmGetImage", code: .screenshotFailed) { () throws(DesktopError) in
            XShmGetImage(display, connection.root, target, Int32(region.x), Int32(region.y), UInt(bitPattern: -1))
        }
        guard ok != 0 else { throw DesktopError(.screenshotFailed, "XShmGetImage failed") }
        return Int(target.pointee.bytes_per_line)
    }

    deinit {
        if attached, !connection.isLost {
            XShmDetach(connection.display, info)
            XSync(connection.display, 0)
        }
        if let address = info.pointee.shmaddr { shmdt(address) }
        if info.pointee.shmid >= 0 { shmctl(info.pointee.shmid, IPC_RMID, nil) }
        sa_x11_destroy_shm_image(image)
        info.deallocate()
    }
}
