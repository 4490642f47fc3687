public import NIOCore

/// How one viewer watches the live view: JPEG quality and the image's scale against the screen.
public struct LiveViewSettings: Sendable, Hashable {
    /// 1...100.
    public var quality: Int
    /// 0.1...1: the image is this fraction of the screen's size (area-averaged when smaller).
    public var scale: Double

    public init(quality: Int, scale: Double) {
        self.quality = quality
        self.scale = scale
    }

    /// The image's size for a screen of `width` x `height`.
    public func imageSize(screenWidth width: Int, screenHeight height: Int) -> (width: Int, height: Int) {
        (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }
}

/// One step of a live-view update, in image pixels; a viewer applies them in order.
public enum LiveViewOperation: Sendable {
    /// Paint this JPEG (without its tables: `JPEGTables`) with its top-left corner at the region's.
    case jpeg(ScreenRegion, ByteBuffer)
    /// Fill the region with one colour, 0xRRGGBB.
    case fill(ScreenRegion, color: UInt32)
    /// Paint the region's few colours exactly: the number of colours N (2...16), N times R, G, B,
    /// then each pixel's colour index packed as `sa_palette_pack` does (1, 2 or 4 bits).
    case palette(ScreenRegion, ByteBuffer)
}

/// What takes a viewer from the image it shows to the screen as it is now.
public struct LiveViewUpdate: Sendable {
    public var width: Int
    public var height: Int
    public var operations: [LiveViewOperation]
    /// Whether the update is the whole image (the first one, after a resize, or a large change).
    public var full: Bool
}
