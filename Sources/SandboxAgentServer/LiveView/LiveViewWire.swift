import DesktopRuntime
import Foundation
import NIOCore

/// The live view's messages as they go over the WebSocket (docs/api.md, "Live view").
///
/// Text messages are JSON with a `type`. An update is one binary message: a 4-byte big-endian
/// length N, N bytes of JSON header (`type: "frame"`, the tiles' places and byte counts), then the
/// JPEG bytes of each tile in the header's order.
enum LiveViewWire {
    /// Sent once after the upgrade.
    struct Ready: Encodable {
        var type = "ready"
        var screenWidth: Int
        var screenHeight: Int
        var width: Int
        var height: Int
        var scale: Double
        var fps: Int
        var quality: Int
        var control: Bool
    }

    struct Point: Encodable {
        var x: Int
        var y: Int
    }

    /// The pointer moved while the screen did not change.
    struct Cursor: Encodable {
        var type = "cursor"
        var x: Int
        var y: Int
    }

    /// The stream was stopped, or the desktop went away.
    struct End: Encodable {
        var type = "end"
        var reason: String
    }

    /// An input message was refused or failed (the viewer stays connected).
    struct Failure: Encodable {
        var type = "error"
        var status: Int
        var code: String
        var message: String
    }

    private struct Tile: Encodable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        var bytes: Int
    }

    private struct FrameHeader: Encodable {
        var type = "frame"
        var seq: Int
        var full: Bool
        var width: Int
        var height: Int
        /// The pointer in screen pixels.
        var cursor: Point
        var tiles: [Tile]
    }

    static func text(_ message: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
    }

    /// The binary message of an update.
    static func frame(_ update: LiveViewUpdate, seq: Int, cursor: ScreenPoint) throws -> ByteBuffer {
        let header = FrameHeader(
            seq: seq, full: update.full, width: update.image.width, height: update.image.height, cursor: Point(x: cursor.x, y: cursor.y),
            tiles: update.tiles.map { Tile(x: $0.region.x, y: $0.region.y, width: $0.region.width, height: $0.region.height, bytes: $0.jpeg.readableBytes) })
        let json = try JSONEncoder().encode(header)
        var buffer = ByteBufferAllocator().buffer(capacity: 4 + json.count + update.tiles.reduce(0) { $0 + $1.jpeg.readableBytes })
        buffer.writeInteger(UInt32(json.count))
        buffer.writeBytes(json)
        for tile in update.tiles { buffer.writeImmutableBuffer(tile.jpeg) }
        return buffer
    }
}
