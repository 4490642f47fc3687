import Glibc
import NIOCore

/// A JPEG as the server encodes it, split into its headers and the entropy-coded data of each MCU
/// row (16 pixel rows).
///
/// The encoder ends every MCU row but the last with a restart marker, which resets the decoder's
/// DC predictions, so a row's data depends on its own pixels only. Rows whose pixels changed can
/// therefore be encoded on their own (as a strip) and put in place of the old ones: the result is
/// byte for byte what encoding the whole new image would give.
struct JPEGRows: Sendable {
    /// Pixel rows per MCU row (4:2:0 chroma).
    static let pixelRows = 16

    /// Everything up to the scan data: SOI, tables, frame header (the full height), SOS.
    private let header: [UInt8]
    private var rows: [[UInt8]]

    /// The number of MCU rows.
    var count: Int { rows.count }

    /// Splits `jpeg`; nil unless it is laid out as the server encodes: headers, one scan with a
    /// restart marker after every row numbered 0...7 in turn, EOI.
    init?(_ jpeg: UnsafeRawBufferPointer) {
        let bytes = jpeg.assumingMemoryBound(to: UInt8.self)
        let end = bytes.count - 2
        guard bytes.count >= 6, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[end] == 0xFF, bytes[end + 1] == 0xD9 else { return nil }
        var position = 2
        var marker: UInt8 = 0
        while marker != 0xDA {
            guard position + 4 <= end, bytes[position] == 0xFF else { return nil }
            marker = bytes[position + 1]
            position += 2 + (Int(bytes[position + 2]) << 8 | Int(bytes[position + 3]))
        }
        guard position <= end else { return nil }
        header = Array(bytes[..<position])
        rows = []
        var rowStart = position
        var search = position
        let base = bytes.baseAddress!
        // Inside scan data a 0xFF byte is followed by 0x00 (stuffing) or a marker.
        while search < end, let found = memchr(base + search, 0xFF, end - search) {
            let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
            guard at + 1 < end else { return nil }
            let next = bytes[at + 1]
            if (0xD0...0xD7).contains(next) {
                guard next == 0xD0 + UInt8(rows.count % 8) else { return nil }
                rows.append(Array(bytes[rowStart..<at]))
                rowStart = at + 2
            } else if next != 0x00 {
                return nil
            }
            search = at + 2
        }
        rows.append(Array(bytes[rowStart..<end]))
    }

    /// Puts the rows of `strip` (a JPEG of some consecutive MCU rows of the same image, encoded
    /// with the same settings) in place of the rows from `first` on; false if they do not fit.
    mutating func replace(from first: Int, with strip: JPEGRows) -> Bool {
        guard first >= 0, first + strip.rows.count <= rows.count else { return false }
        rows.replaceSubrange(first..<first + strip.rows.count, with: strip.rows)
        return true
    }

    /// The whole JPEG.
    func encoded() -> ByteBuffer {
        let size = header.count + rows.reduce(0) { $0 + $1.count } + rows.count * 2 + 2
        var buffer = ByteBufferAllocator().buffer(capacity: size)
        buffer.writeBytes(header)
        for (index, row) in rows.enumerated() {
            if index > 0 { buffer.writeInteger(0xFFD0 + UInt16((index - 1) % 8)) }  // RSTn, big-endian
            buffer.writeBytes(row)
        }
        buffer.writeInteger(UInt16(0xFFD9))  // EOI
        return buffer
    }
}
