import Glibc

/// Where two images of the same size differ, as rectangles a live-view update can carry.
///
/// The image is cut into bands of `tileSize` rows and each band into `tileSize`-wide columns; a
/// tile changed when any of its pixels did, and consecutive changed tiles of a band make one
/// rectangle. A row equal as a whole is skipped with one `memcmp`, so a mostly still screen costs
/// about one pass over it.
enum ChangedTiles {
    /// Tile side in pixels: a multiple of the JPEG MCU (16), so tiles meet on block boundaries.
    static let tileSize = 64

    /// The changed rectangles of `new` against `old` (both the same size), top to bottom.
    static func regions(from old: Frame, to new: Frame) -> [ScreenRegion] {
        precondition(old.width == new.width && old.height == new.height)
        let width = new.width, height = new.height, stride = new.stride
        let columns = (width + tileSize - 1) / tileSize
        var regions: [ScreenRegion] = []
        old.pixels.withUnsafeBufferPointer { before in
            new.pixels.withUnsafeBufferPointer { after in
                var changed = [Bool](repeating: false, count: columns)
                for top in Swift.stride(from: 0, to: height, by: tileSize) {
                    let bottom = min(top + tileSize, height)
                    for column in 0..<columns { changed[column] = false }
                    for row in top..<bottom {
                        let a = before.baseAddress! + row * stride, b = after.baseAddress! + row * stride
                        guard memcmp(a, b, stride) != 0 else { continue }
                        for column in 0..<columns where !changed[column] {
                            let offset = column * tileSize * 4, bytes = min(tileSize, width - column * tileSize) * 4
                            changed[column] = memcmp(a + offset, b + offset, bytes) != 0
                        }
                    }
                    var column = 0
                    while column < columns {
                        guard changed[column] else {
                            column += 1
                            continue
                        }
                        let first = column
                        while column < columns, changed[column] { column += 1 }
                        let x = first * tileSize
                        regions.append(ScreenRegion(x: x, y: top, width: min(column * tileSize, width) - x, height: bottom - top))
                    }
                }
            }
        }
        return regions
    }
}
