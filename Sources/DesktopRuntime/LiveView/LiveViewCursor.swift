/// The pointer's shape for a live-view viewer to draw: straight (not premultiplied) RGBA pixels,
/// row by row, and the hotspot (the pixel at the pointer's position).
public struct LiveViewCursor: Sendable, Equatable {
    /// XFixes' serial of the shape: a new one whenever the shape changes.
    public var serial: UInt
    public var width: Int
    public var height: Int
    public var hotspotX: Int
    public var hotspotY: Int
    public var rgba: [UInt8]

    /// The shape of an XFixes cursor image (premultiplied ARGB, one `unsigned long` per pixel).
    init(_ image: CursorImage) {
        serial = image.serial
        width = image.width
        height = image.height
        hotspotX = image.hotspotX
        hotspotY = image.hotspotY
        rgba = []
        rgba.reserveCapacity(image.pixels.count * 4)
        for pixel in image.pixels {
            let alpha = Int(pixel >> 24 & 0xFF)
            for shift in [16, 8, 0] {
                let premultiplied = Int(pixel >> UInt(shift) & 0xFF)
                rgba.append(alpha == 0 ? 0 : UInt8(min(255, (premultiplied * 255 + alpha / 2) / alpha)))
            }
            rgba.append(UInt8(alpha))
        }
    }
}

/// What the live view takes from the screen each tick (`X11Desktop.liveFrame(since:)`).
public struct LiveFrame: Sendable {
    public var frame: Frame
    /// The bounds of what changed since the generation asked about (empty when nothing did);
    /// nil when not known.
    public var changedArea: ScreenRegion?
    public var pointer: ScreenPoint
    /// The pointer's shape; nil when the X server has no XFixes.
    public var cursor: LiveViewCursor?
    /// The value of the desktop's `changes` before the capture; nil when the X server has no
    /// DAMAGE (then only capturing again tells whether the screen changed).
    public var changes: UInt64?
}
