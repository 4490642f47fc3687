import CDesktopCodec
import CTestImageDecoding
import Foundation
import NIOCore
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
            case .jpeg(let region, _): (region, nil)
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
