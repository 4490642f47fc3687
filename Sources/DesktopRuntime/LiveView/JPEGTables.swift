import CDesktopCodec
import NIOCore

/// The quantization and Huffman tables of the live view's JPEGs, sent to a viewer once instead of
/// in every tile (about 570 bytes each: more than a small tile's pixels).
///
/// The encoder uses the standard Huffman tables and the quantization of its quality, so every JPEG
/// of one quality carries the same tables. A tile goes out without its DQT, DHT and JFIF APP0
/// segments; a viewer rebuilds a complete JPEG as SOI, the tables, then the tile after its SOI.
/// (Tables that come again later in a JPEG replace the earlier ones, so splicing the tables in
/// front of a tile that still has its own is harmless too.)
public enum JPEGTables {
    /// The DQT and DHT segments of the JPEGs of `quality`.
    public static func tables(quality: Int) throws(DesktopError) -> [UInt8] {
        let pixels = [UInt8](repeating: 0x80, count: 16 * 16 * 4)
        let encoded = pixels.withUnsafeBufferPointer { buffer in
            let view = sa_bgrx_view(pixels: buffer.baseAddress!, width: 16, height: 16, stride: 64)
            return ScreenshotEncoder.run("live view JPEG tables") { output, message in
                sa_jpeg_encode_bgrx(view, Int32(quality), 1, &output, &message)
            }
        }
        return split(try encoded.get()).tables
    }

    /// `jpeg` without its tables and JFIF segment, and the tables it had (DQT and DHT segments in
    /// their order). A JPEG whose headers do not parse comes back whole, with no tables.
    static func split(_ jpeg: ByteBuffer) -> (tables: [UInt8], rest: ByteBuffer) {
        let bytes = jpeg.readableBytesView
        guard bytes.count > 4, bytes[bytes.startIndex] == 0xFF, bytes[bytes.startIndex + 1] == 0xD8 else { return ([], jpeg) }
        var tables: [UInt8] = []
        var rest = ByteBufferAllocator().buffer(capacity: bytes.count)
        rest.writeBytes([0xFF, 0xD8])
        var index = bytes.startIndex + 2
        while index + 4 <= bytes.endIndex, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            if marker == 0xDA { break }  // start of scan: the rest is entropy-coded data
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            let end = index + 2 + length
            guard length >= 2, end <= bytes.endIndex else { return ([], jpeg) }
            switch marker {
            case 0xDB, 0xC4: tables.append(contentsOf: bytes[index..<end])
            case 0xE0: break
            default: rest.writeBytes(bytes[index..<end])
            }
            index = end
        }
        rest.writeBytes(bytes[index...])
        return (tables, rest)
    }
}
