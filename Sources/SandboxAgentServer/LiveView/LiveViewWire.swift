import DesktopRuntime
import Foundation
import NIOCore

/// The live view's messages as they go over the WebSocket (docs/api.md, "Live view").
///
/// Text messages are JSON with a `type`. An update is one binary message: a 4-byte big-endian
/// length N, N bytes of JSON header (`type: "frame"`, its operations: JPEG and palette rectangles
/// with their byte counts, and solid fills), then the bytes of each JPEG and palette in the
/// header's order.
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
        /// Base64 of the DQT and DHT segments the update's JPEGs leave out (`JPEGTables`).
        var jpegTables: String
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

    /// The pointer's shape, when it first shows and whenever it changes: straight RGBA pixels
    /// (base64, row by row) and the hotspot, drawn with the hotspot at the pointer's position.
    struct CursorShape: Encodable {
        var type = "cursorShape"
        var width: Int
        var height: Int
        var hotspotX: Int
        var hotspotY: Int
        var rgba: String

        init(_ cursor: LiveViewCursor) {
            width = cursor.width
            height = cursor.height
            hotspotX = cursor.hotspotX
            hotspotY = cursor.hotspotY
            rgba = Data(cursor.rgba).base64EncodedString()
        }
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

    /// One operation of an update: `["jpeg", x, y, width, height, bytes]`,
    /// `["palette", x, y, width, height, bytes]` or `["fill", x, y, width, height, "#rrggbb"]`.
    private struct Rect: Encodable {
        var operation: LiveViewOperation

        func encode(to encoder: any Encoder) throws {
            var fields = encoder.unkeyedContainer()
            switch operation {
            case .jpeg(let region, let bytes):
                try fields.encode("jpeg")
                try encode(region, into: &fields)
                try fields.encode(bytes.readableBytes)
            case .palette(let region, let bytes):
                try fields.encode("palette")
                try encode(region, into: &fields)
                try fields.encode(bytes.readableBytes)
            case .fill(let region, let color):
                try fields.encode("fill")
                try encode(region, into: &fields)
                let hex = String(color, radix: 16)
                try fields.encode("#" + String(repeating: "0", count: max(0, 6 - hex.count)) + hex)
            }
        }

        private func encode(_ region: ScreenRegion, into fields: inout some UnkeyedEncodingContainer) throws {
            for value in [region.x, region.y, region.width, region.height] { try fields.encode(value) }
        }
    }

    private struct FrameHeader: Encodable {
        var type = "frame"
        var seq: Int
        var full: Bool
        var width: Int
        var height: Int
        /// The pointer in screen pixels.
        var cursor: Point
        var rects: [Rect]
    }

    static func text(_ message: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
    }

    /// The binary message of an update.
    static func frame(_ update: LiveViewUpdate, seq: Int, cursor: ScreenPoint) throws -> ByteBuffer {
        let header = FrameHeader(
            seq: seq, full: update.full, width: update.width, height: update.height, cursor: Point(x: cursor.x, y: cursor.y),
            rects: update.operations.map(Rect.init))
        let json = try JSONEncoder().encode(header)
        let payloads = update.operations.compactMap { operation -> ByteBuffer? in
            switch operation {
            case .jpeg(_, let bytes), .palette(_, let bytes): bytes
            case .fill: nil
            }
        }
        var buffer = ByteBufferAllocator().buffer(capacity: 4 + json.count + payloads.reduce(0) { $0 + $1.readableBytes })
        buffer.writeInteger(UInt32(json.count))
        buffer.writeBytes(json)
        for payload in payloads { buffer.writeImmutableBuffer(payload) }
        return buffer
    }
}
