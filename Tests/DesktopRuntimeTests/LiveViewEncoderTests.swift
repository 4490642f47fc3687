import CDesktopCodec
import CTestImageDecoding
import Foundation
import NIOCore
import SandboxAgentAPI
import Testing

@testable import DesktopRuntime

/// The live view's updates on synthetic frames: a window moved over a busy background becomes
/// two thin strips (one a fill), the canvas follows the screen exactly, viewers share updates,
/// and JPEGs without their tables decode once the tables are spliced back in.
@Suite struct LiveViewEncoderTests {
    static let width = 320, height = 200

    /// A busy background (no two neighbours alike) with a solid 100x60 window at (x, y).
    static func screen(windowAt x: Int, _ y: Int, generation: UInt64) -> Frame {
        var pixels = (0..<width * height * 4).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ $0 / (width * 4) &* 11) }
        for row in y..<y + 60 {
            for column in x..<x + 100 {
                let index = (row * width + column) * 4
                pixels[index] = 0xCC
                pixels[index + 1] = 0x66
                pixels[index + 2] = 0x33
            }
        }
        return pixels.withUnsafeBufferPointer { Frame(width: width, height: height, generation: generation, copying: $0.baseAddress!, stride: width * 4) }
    }

    static func regions(_ update: LiveViewUpdate) -> [(ScreenRegion, UInt32?)] {
        update.operations.map { operation in
            switch operation {
            case .jpeg(let region, _), .palette(let region, _): (region, nil)
            case .fill(let region, let color): (region, color)
            }
        }
    }

    @Test func aMovedWindowIsTwoStripsOneOfThemAFillAndTheCanvasFollowsTheScreen() async throws {
        let shared = LiveViewUpdates()
        let canvas = LiveViewCanvas(settings: LiveViewSettings(quality: 80, scale: 1))
        let first = try #require(try await LiveViewEncoder.advance(canvas, to: Self.screen(windowAt: 40, 50, generation: 1), changed: nil, shared: shared))
        #expect(first.full && Self.regions(first).map(\.0) == [ScreenRegion(x: 0, y: 0, width: Self.width, height: Self.height)])
        #expect(try await LiveViewEncoder.advance(canvas, to: Self.screen(windowAt: 40, 50, generation: 1), changed: nil, shared: shared) == nil)

        // Moved 12 pixels right: the uncovered background (a JPEG) and the newly covered part (a fill).
        let moved = Self.screen(windowAt: 52, 50, generation: 2)
        let update = try #require(try await LiveViewEncoder.advance(canvas, to: moved, changed: nil, shared: shared))
        let regions = Self.regions(update)
        #expect(!update.full)
        #expect(regions.allSatisfy { $0.0.y == 50 && $0.0.height == 60 && $0.0.width == 12 }, "\(regions)")
        #expect(regions.contains { $0.0.x == 40 && $0.1 == nil } && regions.contains { $0.0.x == 140 && $0.1 == 0x3366CC }, "\(regions)")
        #expect(canvas.image?.pixels == moved.pixels, "the canvas holds exactly the screen")

        // A second viewer at the same image gets the same update without encoding it again.
        let other = LiveViewCanvas(settings: canvas.settings)
        _ = try await LiveViewEncoder.advance(other, to: Self.screen(windowAt: 40, 50, generation: 1), changed: nil, shared: shared)
        let again = try #require(try await LiveViewEncoder.advance(other, to: moved, changed: nil, shared: shared))
        let firstJPEG = update.operations.compactMap { if case .jpeg(_, let bytes) = $0 { bytes } else { nil } }.first
        let secondJPEG = again.operations.compactMap { if case .jpeg(_, let bytes) = $0 { bytes } else { nil } }.first
        #expect(firstJPEG != nil && firstJPEG?.readableBytesView.withUnsafeBytes { $0.baseAddress } == secondJPEG?.readableBytesView.withUnsafeBytes { $0.baseAddress })
        #expect(other.image?.pixels == moved.pixels)
    }

    /// Bounding the search by the damaged area (as the capture reports it) finds the same
    /// rectangles as searching the whole frame, at full and at reduced scale.
    @Test(arguments: [1.0, 0.5, 0.37])
    func anUpdateWithinTheDamagedAreaEqualsTheWholeSearch(scale: Double) async throws {
        let settings = LiveViewSettings(quality: 80, scale: scale)
        let before = Self.screen(windowAt: 40, 50, generation: 1), after = Self.screen(windowAt: 52, 53, generation: 2)
        // What the window covered before and covers now.
        let damaged = ScreenRegion(x: 40, y: 50, width: 112, height: 63)
        var updates: [[(ScreenRegion, UInt32?)]] = []
        for changed in [nil, damaged] {
            let canvas = LiveViewCanvas(settings: settings)
            _ = try await LiveViewEncoder.advance(canvas, to: before, changed: nil, shared: LiveViewUpdates())
            let update = try #require(try await LiveViewEncoder.advance(canvas, to: after, changed: changed, shared: LiveViewUpdates()))
            #expect(!update.full)
            updates.append(Self.regions(update))
        }
        #expect(updates[0].map(\.0) == updates[1].map(\.0) && updates[0].map(\.1) == updates[1].map(\.1), "\(updates)")
        // Nothing changed where the area says so: no update at all.
        let canvas = LiveViewCanvas(settings: settings)
        _ = try await LiveViewEncoder.advance(canvas, to: before, changed: nil, shared: LiveViewUpdates())
        let unchanged = Self.screen(windowAt: 40, 50, generation: 2)
        #expect(try await LiveViewEncoder.advance(canvas, to: unchanged, changed: ScreenRegion(x: 0, y: 0, width: 0, height: 0), shared: LiveViewUpdates()) == nil)
    }

    /// `frame` with a `width` x 16 patch at (x, y) drawn in `colors` greys (0x000000, 0x0F0F0F, …):
    /// each pixel's colour index from the pattern `(column * 7 + row * 3) % colors`.
    static func patched(_ frame: Frame, at x: Int, _ y: Int, width: Int, colors: Int, generation: UInt64) -> Frame {
        var pixels = frame.pixels
        for row in 0..<16 {
            for column in 0..<width {
                let level = UInt8((column * 7 + row * 3) % colors * 15), index = ((y + row) * Self.width + x + column) * 4
                pixels[index] = level
                pixels[index + 1] = level
                pixels[index + 2] = level
            }
        }
        return pixels.withUnsafeBufferPointer { Frame(width: Self.width, height: Self.height, generation: generation, copying: $0.baseAddress!, stride: Self.width * 4) }
    }

    /// Unpacks a `.palette` operation's bytes (the layout docs/api.md gives) to 0xRRGGBB per pixel.
    static func unpack(_ bytes: ByteBuffer, width: Int, height: Int) throws -> [UInt32] {
        let bytes = Array(bytes.readableBytesView)
        let count = Int(try #require(bytes.first))
        let bits = count <= 2 ? 1 : count <= 4 ? 2 : 4, rowBytes = (width * bits + 7) / 8, start = 1 + 3 * count
        try #require(bytes.count == start + rowBytes * height, "\(bytes.count) bytes for \(count) colours")
        return (0..<height).flatMap { row in
            (0..<width).map { column in
                let bit = column * bits
                let index = Int(bytes[start + row * rowBytes + bit / 8] >> (8 - bits - bit % 8)) & (1 << bits - 1)
                return UInt32(bytes[1 + index * 3]) << 16 | UInt32(bytes[2 + index * 3]) << 8 | UInt32(bytes[3 + index * 3])
            }
        }
    }

    /// Text-like changes of up to 16 colours go as palettes, exact to the pixel, at 1, 2 or 4 bits
    /// per pixel; a change of more colours goes as a JPEG.
    @Test(arguments: [(2, 1), (3, 2), (4, 2), (5, 4), (16, 4), (17, 0)])
    func aChangeOfFewColoursIsAnExactPalette(colors: Int, bits: Int) async throws {
        let canvas = LiveViewCanvas(settings: LiveViewSettings(quality: 80, scale: 1))
        let before = Self.screen(windowAt: 40, 50, generation: 1)
        _ = try await LiveViewEncoder.advance(canvas, to: before, changed: nil, shared: LiveViewUpdates())
        // A 37-pixel-wide patch (rows not a whole number of bytes) inside the window.
        let after = Self.patched(before, at: 50, 64, width: 37, colors: colors, generation: 2)
        let update = try #require(try await LiveViewEncoder.advance(canvas, to: after, changed: nil, shared: LiveViewUpdates()))
        #expect(canvas.image?.pixels == after.pixels)
        guard bits > 0 else {
            #expect(update.operations.allSatisfy { if case .jpeg = $0 { true } else { false } }, "\(Self.regions(update))")
            return
        }
        let (region, bytes) = try #require(update.operations.first.flatMap { if case .palette(let region, let bytes) = $0 { (region, bytes) } else { nil } })
        #expect(update.operations.count == 1 && bytes.readableBytes == 1 + 3 * colors + (region.width * bits + 7) / 8 * region.height)
        let expected = (region.y..<region.y + region.height).flatMap { row in
            (region.x..<region.x + region.width).map { column in
                let index = (row * Self.width + column) * 4
                return UInt32(after.pixels[index + 2]) << 16 | UInt32(after.pixels[index + 1]) << 8 | UInt32(after.pixels[index])
            }
        }
        #expect(try Self.unpack(bytes, width: region.width, height: region.height) == expected)
    }

    @Test func aJPEGWithoutItsTablesDecodesWithTheTablesSplicedIn() throws {
        let tables = try JPEGTables.tables(quality: 70)
        #expect(tables.count > 400 && tables.first == 0xFF)
        let frame = Self.screen(windowAt: 10, 10, generation: 1)
        let whole = try frame.pixels.withUnsafeBufferPointer { buffer in
            try ScreenshotEncoder.run("test") { output, message in
                sa_jpeg_encode_bgrx(sa_bgrx_view(pixels: buffer.baseAddress!, width: Int32(Self.width), height: Int32(Self.height), stride: Self.width * 4), 70, 1, &output, &message)
            }.get()
        }
        let stripped = JPEGTables.split(whole)
        #expect(stripped.tables == tables && stripped.rest.readableBytes < whole.readableBytes - 400)
        let rest = Array(stripped.rest.readableBytesView)
        let spliced = Array(rest[0..<2]) + tables + Array(rest[2...])
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0, height: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        #expect(sa_test_decode(spliced, spliced.count, &pixels, &width, &height, &message) == 0)
        defer { sa_test_free(pixels) }
        #expect(width == Int32(Self.width) && height == Int32(Self.height))
        // The window's colour survives (RGB 0x3366CC, within JPEG's error).
        let index = (30 * Int(width) + 50) * 3
        #expect(abs(Int(pixels![index]) - 0x33) < 12 && abs(Int(pixels![index + 1]) - 0x66) < 12 && abs(Int(pixels![index + 2]) - 0xCC) < 12)
    }
}
