import NIOCore
import SandboxAgentAPI
import Testing

@testable import DesktopRuntime

/// JPEGs that re-encode only the MCU rows that changed are byte for byte the JPEG of a whole
/// encode of the new frame, for changes anywhere (inside, across and outside the region, in the
/// short last row, over more than half the rows).
@Suite struct IncrementalJPEGTests {
    struct Change: CustomTestStringConvertible {
        var name: String
        var rows: Range<Int>
        var columns: Range<Int>
        var testDescription: String { name }
    }

    static let width = 640, height = 470

    /// Deterministic busy pixels (B, G, R, X), different for each `seed`.
    static func pixels(seed: Int) -> [UInt8] {
        (0..<width * height * 4).map { index in
            let pixel = index / 4
            return UInt8(truncatingIfNeeded: (pixel % width) &* 7 &+ (pixel / width) &* 13 &+ (index % 4) &* 50 &+ seed &* (pixel % 97))
        }
    }

    static func frame(_ bytes: [UInt8], generation: UInt64) -> Frame {
        bytes.withUnsafeBufferPointer { Frame(width: width, height: height, generation: generation, copying: $0.baseAddress!, stride: width * 4) }
    }

    static func plan(_ region: ScreenRegion) -> ScreenshotPlan {
        ScreenshotPlan(
            format: .jpeg, quality: 80, region: region, outputWidth: region.width, outputHeight: region.height, showCursor: false,
            screenWidth: width, screenHeight: height)
    }

    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    /// Where two JPEGs first differ ("byte N of X and Y"), or nil when they are the same bytes.
    static func difference(_ one: ByteBuffer, _ other: ByteBuffer) -> String? {
        let (a, b) = (bytes(one), bytes(other))
        guard a != b else { return nil }
        let index = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        return "byte \(index) of \(a.count) and \(b.count)"
    }

    static let changes = [
        Change(name: "a block in the middle", rows: 200..<230, columns: 100..<300),
        Change(name: "one pixel row", rows: 16..<17, columns: 0..<640),
        Change(name: "the short last MCU row", rows: 465..<470, columns: 600..<640),
        Change(name: "the first rows", rows: 0..<5, columns: 10..<20),
        Change(name: "more than half the rows", rows: 20..<400, columns: 0..<50),
    ]

    @Test(arguments: changes, [ScreenRegion(x: 0, y: 0, width: width, height: height), ScreenRegion(x: 32, y: 37, width: 400, height: 300)])
    func changedRowsReencodeToTheWholeEncodeBytes(change: Change, region: ScreenRegion) throws {
        let before = Self.pixels(seed: 1)
        var after = before
        let other = Self.pixels(seed: 2)
        for row in change.rows {
            for index in row * Self.width * 4 + change.columns.lowerBound * 4..<row * Self.width * 4 + change.columns.upperBound * 4 {
                after[index] = other[index]
            }
        }
        let plan = Self.plan(region)
        let first = try ScreenshotEncoder.encodeJPEGNow(Self.frame(before, generation: 1), plan: plan, reusing: nil, changedRows: nil).get()
        let rows = try #require(first.rows)
        #expect(rows.count == (region.height + 15) / 16)

        let newFrame = Self.frame(after, generation: 2)
        let incremental = try ScreenshotEncoder.encodeJPEGNow(newFrame, plan: plan, reusing: rows, changedRows: change.rows).get()
        let whole = try ScreenshotEncoder.encodeJPEGNow(newFrame, plan: plan, reusing: nil, changedRows: nil).get()
        #expect(Self.difference(incremental.data, whole.data) == nil)
        let touchesRegion = change.rows.overlaps(region.y..<region.y + region.height)
        #expect((Self.difference(incremental.data, first.data) != nil) == touchesRegion, "a change outside the region changes nothing")

        // The rows handed back carry on: a second change on top of the first.
        let carried: JPEGRows = try #require(incremental.rows)
        let next = try ScreenshotEncoder.encodeJPEGNow(Self.frame(before, generation: 3), plan: plan, reusing: carried, changedRows: change.rows).get()
        #expect(Self.difference(next.data, first.data) == nil)
    }

    @Test func rowsOfSomethingElseAreRefused() {
        let notJPEG: [UInt8] = [0xFF, 0xD8, 0x00, 0x01, 0xFF, 0xD9]
        #expect(notJPEG.withUnsafeBytes { JPEGRows($0) } == nil)
        // Restart markers out of order: 0, 2.
        let header: [UInt8] = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]
        let shuffled = header + [1, 2, 0xFF, 0xD0, 3, 0xFF, 0xD2, 4, 0xFF, 0xD9]
        #expect(shuffled.withUnsafeBytes { JPEGRows($0) } == nil)
        let ordered = header + [1, 2, 0xFF, 0xD0, 3, 0xFF, 0x00, 0xFF, 0xD1, 4, 0xFF, 0xD9]
        #expect(ordered.withUnsafeBytes { JPEGRows($0) }?.count == 3)
    }
}
