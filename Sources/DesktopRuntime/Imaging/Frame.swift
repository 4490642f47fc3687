import Glibc

/// One captured screen: `width * height` pixels of 4 bytes (B, G, R, unused), rows packed.
///
/// Immutable and cheap to share (copy-on-write storage). `generation` identifies the content:
/// two frames with the same generation hold the same pixels.
public struct Frame: Sendable {
    public let width: Int
    public let height: Int
    public let generation: UInt64
    let pixels: [UInt8]

    /// Bytes per row.
    var stride: Int { width * 4 }

    init(width: Int, height: Int, generation: UInt64, copying source: UnsafePointer<UInt8>, stride: Int) {
        self.width = width
        self.height = height
        self.generation = generation
        let rowBytes = width * 4
        pixels = [UInt8](unsafeUninitializedCapacity: rowBytes * height) { buffer, count in
            if stride == rowBytes {
                memcpy(buffer.baseAddress!, source, rowBytes * height)
            } else {
                for row in 0..<height {
                    memcpy(buffer.baseAddress! + row * rowBytes, source + row * stride, rowBytes)
                }
            }
            count = rowBytes * height
        }
    }

    /// Whether `source` (rows `stride` bytes apart) holds exactly these pixels.
    func matches(_ source: UnsafePointer<UInt8>, stride: Int) -> Bool {
        let rowBytes = width * 4
        return pixels.withUnsafeBufferPointer { own in
            if stride == rowBytes { return memcmp(own.baseAddress!, source, rowBytes * height) == 0 }
            for row in 0..<height where memcmp(own.baseAddress! + row * rowBytes, source + row * stride, rowBytes) != 0 {
                return false
            }
            return true
        }
    }
}
