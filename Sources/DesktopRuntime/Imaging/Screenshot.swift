import Foundation
public import NIOCore
import SandboxAgentAPI

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
