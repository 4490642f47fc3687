import Foundation
public import NIOCore

/// An encoded screenshot and the geometry a client needs to map image pixels back to the screen.
public struct Screenshot: Sendable {
    /// The encoded image (shared with the cache, not copied).
    public var data: ByteBuffer
    public var plan: ScreenshotPlan

    public var contentType: String { plan.format.contentType }

    /// The image as base64 (for JSON answers), encoded straight from the shared buffer.
    public var base64: String {
        data.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress else { return "" }
            return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: bytes.count, deallocator: .none).base64EncodedString()
        }
    }

    /// Response headers describing the geometry: screen size, captured region, image size, scale.
    public var geometryHeaders: [(name: String, value: String)] {
        [
            ("X-Screen-Width", "\(plan.screenWidth)"), ("X-Screen-Height", "\(plan.screenHeight)"),
            ("X-Region-X", "\(plan.region.x)"), ("X-Region-Y", "\(plan.region.y)"),
            ("X-Region-Width", "\(plan.region.width)"), ("X-Region-Height", "\(plan.region.height)"),
            ("X-Image-Width", "\(plan.outputWidth)"), ("X-Image-Height", "\(plan.outputHeight)"),
            ("X-Scale-X", Self.format(plan.scaleX)), ("X-Scale-Y", Self.format(plan.scaleY)),
        ]
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)"
    }
}

/// The cursor as XFixes reports it: premultiplied ARGB pixels, hotspot and pointer position.
struct CursorImage: Sendable, Hashable {
    var x: Int
    var y: Int
    var hotspotX: Int
    var hotspotY: Int
    var width: Int
    var height: Int
    var serial: UInt
    var pixels: [UInt]
}
