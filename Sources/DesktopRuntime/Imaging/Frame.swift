import Glibc

/// One captured screen: `width * height` pixels of 4 bytes (B, G, R, unused), rows packed.
///
/// Cheap to share (copy-on-write storage). `generation` identifies the content: two frames with
/// the same generation hold the same pixels.
public struct Frame: Sendable {
    public let width: Int
    public let height: Int
    public private(set) var generation: UInt64
    private(set) var pixels: [UInt8]

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

    /// The whole frame as a region.
    var bounds: ScreenRegion { ScreenRegion(x: 0, y: 0, width: width, height: height) }

    /// Whether `source` holds exactly the pixels of `region`: its rows `stride` bytes apart, the
    /// region's top-left pixel first.
    func matches(_ region: ScreenRegion, _ source: UnsafePointer<UInt8>, stride: Int) -> Bool {
        let rowBytes = region.width * 4
        return pixels.withUnsafeBufferPointer { own in
            let origin = own.baseAddress! + region.y * self.stride + region.x * 4
            if region.x == 0, region.width == width, stride == rowBytes {
                return memcmp(origin, source, rowBytes * region.height) == 0
            }
            for row in 0..<region.height where memcmp(origin + row * self.stride, source + row * stride, rowBytes) != 0 {
                return false
            }
            return true
        }
    }

    /// The rows where the whole-screen pixels at `source` (rows `stride` bytes apart) differ from
    /// this frame's, from the first differing row to the last; nil when they are all the same.
    func changedRows(comparedWith source: UnsafePointer<UInt8>, stride: Int) -> Range<Int>? {
        let rowBytes = width * 4
        return pixels.withUnsafeBufferPointer { own -> Range<Int>? in
            let differs = { (row: Int) in memcmp(own.baseAddress! + row * rowBytes, source + row * stride, rowBytes) != 0 }
            guard let first = (0..<height).first(where: differs) else { return nil }
            let last = (first..<height).last(where: differs)!
            return first..<last + 1
        }
    }

    /// Copies the pixels of `region` from `source` (laid out as for `matches`) over this frame's
    /// and makes it `generation`; in place when no other copy of this frame's storage is alive.
    mutating func update(_ region: ScreenRegion, from source: UnsafePointer<UInt8>, stride: Int, generation: UInt64) {
        let rowBytes = region.width * 4
        let ownStride = self.stride
        pixels.withUnsafeMutableBufferPointer { own in
            let origin = own.baseAddress! + region.y * ownStride + region.x * 4
            for row in 0..<region.height {
                memcpy(origin + row * ownStride, source + row * stride, rowBytes)
            }
        }
        self.generation = generation
    }

    /// Marks the pixels as those of `generation` (after the regions that changed were updated).
    mutating func retag(_ generation: UInt64) {
        self.generation = generation
    }
}
