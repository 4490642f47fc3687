import CDesktopCodec
import CTestImageDecoding
import SandboxAgentAPI
import Testing

/// The C pixel hot path: encoders checked by decoding their output again, the scaler against exact
/// values and a floating-point reference, cursor compositing pixel by pixel, and argument checks.
@Suite struct ImageCodecTests {
    // MARK: - Frames

    /// A BGRX frame with `padding` extra bytes per row. Padding and X bytes hold junk the code must ignore.
    struct Frame {
        var width: Int
        var height: Int
        var stride: Int
        var bytes: [UInt8]

        init(width: Int, height: Int, padding: Int = 0, rgb: (Int, Int) -> (UInt8, UInt8, UInt8)) {
            self.width = width
            self.height = height
            stride = width * 4 + padding
            bytes = [UInt8](repeating: 0xA5, count: stride * height)
            for y in 0..<height {
                for x in 0..<width {
                    let (red, green, blue) = rgb(x, y)
                    let offset = y * stride + x * 4
                    bytes[offset] = blue
                    bytes[offset + 1] = green
                    bytes[offset + 2] = red
                    bytes[offset + 3] = UInt8(truncatingIfNeeded: x &* 31 &+ y)
                }
            }
        }

        func rgb(_ x: Int, _ y: Int) -> [UInt8] {
            let offset = y * stride + x * 4
            return [bytes[offset + 2], bytes[offset + 1], bytes[offset]]
        }

        func withView<Result>(_ body: (sa_bgrx_view) -> Result) -> Result {
            bytes.withUnsafeBufferPointer { pixels in
                body(sa_bgrx_view(pixels: pixels.baseAddress, width: Int32(width), height: Int32(height), stride: stride))
            }
        }
    }

    /// Deterministic noise: neighbours differ on every channel, so the SUB filter's differences wrap around.
    static func noise(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let seed = UInt32(truncatingIfNeeded: x &* 73_856_093 ^ y &* 19_349_663) &* 2_654_435_761
        return (
            UInt8(truncatingIfNeeded: seed >> 24), UInt8(truncatingIfNeeded: seed >> 16), UInt8(truncatingIfNeeded: seed >> 8)
        )
    }

    static let blockSize = 16
    static let blockColours: [[UInt8]] = [
        [255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255],
        [0, 0, 0], [255, 255, 0], [0, 255, 255], [255, 0, 255],
        [128, 128, 128], [255, 128, 0], [40, 90, 160], [200, 170, 120],
    ]

    /// Solid 16x16 blocks, four across and three down; the odd size cuts the right and bottom ones short.
    static func blocks(width: Int = 61, height: Int = 45, padding: Int = 12) -> Frame {
        Frame(width: width, height: height, padding: padding) { x, y in
            let colour = blockColours[(y / blockSize) * 4 + x / blockSize]
            return (colour[0], colour[1], colour[2])
        }
    }

    // MARK: - Encoding and decoding

    enum Codec: CaseIterable { case png, jpeg, webp }

    struct Decoded {
        var width: Int
        var height: Int
        var rgb: [UInt8]

        func pixel(_ x: Int, _ y: Int) -> [UInt8] {
            let offset = (y * width + x) * 3
            return Array(rgb[offset..<offset + 3])
        }
    }

    struct CodecError: Error, CustomStringConvertible {
        var description: String
    }

    static func message(_ error: [CChar]) -> String {
        error.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Runs one encoder (JPEG in `jpegParts` strips, 0 meaning its default); returns the bytes, or
    /// the status and message on failure.
    static func encode(
        _ codec: Codec, _ view: sa_bgrx_view, setting: Int32, jpegParts: Int32 = 0
    ) -> (status: Int32, bytes: [UInt8], error: String) {
        var output = sa_buffer()
        var error = [CChar](repeating: 0, count: Int(SA_ERROR_CAPACITY))
        let status: Int32 = switch codec {
        case .png: sa_png_encode_bgrx(view, setting, &output, &error)
        case .jpeg: sa_jpeg_encode_bgrx(view, setting, jpegParts, &output, &error)
        case .webp: sa_webp_encode_bgrx(view, setting, &output, &error)
        }
        defer { sa_buffer_free(&output) }
        let bytes = output.data.map { Array(UnsafeBufferPointer(start: $0, count: output.size)) } ?? []
        return (status, bytes, message(error))
    }

    static func encode(_ codec: Codec, _ frame: Frame, setting: Int32, jpegParts: Int32 = 0) throws -> [UInt8] {
        let result = frame.withView { encode(codec, $0, setting: setting, jpegParts: jpegParts) }
        guard result.status == 0 else { throw CodecError(description: "\(codec) failed: \(result.error)") }
        return result.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> Decoded {
        var rgb: UnsafeMutablePointer<UInt8>?
        var width: Int32 = 0
        var height: Int32 = 0
        var error = [CChar](repeating: 0, count: 256)
        let status = sa_test_decode(bytes, bytes.count, &rgb, &width, &height, &error)
        guard status == 0, let rgb else { throw CodecError(description: "decode failed: \(message(error))") }
        defer { sa_test_free(rgb) }
        return Decoded(
            width: Int(width), height: Int(height),
            rgb: Array(UnsafeBufferPointer(start: rgb, count: Int(width) * Int(height) * 3)))
    }

    /// Checks the centre of every complete block is within `tolerance` of its colour on each channel.
    static func expectBlockCentres(_ decoded: Decoded, of frame: Frame, tolerance: Int) {
        #expect(decoded.width == frame.width && decoded.height == frame.height)
        for blockY in 0..<(frame.height / blockSize) {
            for blockX in 0..<(frame.width / blockSize) {
                let x = blockX * blockSize + blockSize / 2, y = blockY * blockSize + blockSize / 2
                let got = decoded.pixel(x, y), want = frame.rgb(x, y)
                let worst = zip(got, want).map { abs(Int($0) - Int($1)) }.max()!
                #expect(worst <= tolerance, "block (\(blockX), \(blockY)) centre: got \(got), want \(want)")
            }
        }
    }

    @Test(arguments: [(1, 1), (1, 7), (7, 1), (2, 2), (37, 23), (300, 5)])
    func pngDecodesToExactlyTheFramePixels(width: Int, height: Int) throws {
        let frame = Frame(width: width, height: height, padding: 12, rgb: Self.noise)
        for level in [0, 1, SA_PNG_DEFAULT_LEVEL, 6, 12] {
            let png = try Self.encode(.png, frame, setting: Int32(level))
            let decoded = try Self.decode(png)
            #expect(decoded.width == width && decoded.height == height)
            var mismatches = 0
            for y in 0..<height {
                for x in 0..<width where decoded.pixel(x, y) != frame.rgb(x, y) { mismatches += 1 }
            }
            #expect(mismatches == 0, "level \(level): \(mismatches) pixels differ")
        }
    }

    @Test func pngIsOneIdatOfEightBitRGB() throws {
        let png = try Self.encode(.png, Self.blocks(), setting: SA_PNG_DEFAULT_LEVEL)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var chunks: [String] = []
        var offset = 8
        while offset + 12 <= png.count {
            let length = png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            chunks.append(String(decoding: png[offset + 4..<offset + 8], as: UTF8.self))
            if chunks.last == "IHDR" {
                #expect(png[offset + 16] == 8, "bit depth")
                #expect(png[offset + 17] == 2, "colour type RGB")
            }
            offset += 12 + length
        }
        #expect(chunks == ["IHDR", "IDAT", "IEND"])
        #expect(offset == png.count)
    }

    /// Every JPEG has a restart marker after each 16-row MCU row but the last, numbered 0...7 in
    /// turn; strips encoded on several threads and joined are byte for byte the one-part encode.
    @Test(arguments: [(1920, 1080), (640, 256), (333, 777), (64, 255), (17, 1000), (9, 16), (5, 1)])
    func jpegStripsJoinIntoTheOnePartBytes(width: Int, height: Int) throws {
        let frame = Frame(width: width, height: height, padding: 8, rgb: Self.noise)
        let onePart = try Self.encode(.jpeg, frame, setting: 80, jpegParts: 1)
        #expect(Self.restartMarkers(onePart) == (0..<(height + 15) / 16 - 1).map { UInt8(0xD0 + $0 % 8) })
        #expect(try Self.decode(onePart).width == width)
        for parts: Int32 in [2, 3, 4, 9, 0] {
            let joined = try Self.encode(.jpeg, frame, setting: 80, jpegParts: parts)
            #expect(joined == onePart, "\(parts) parts")
        }
    }

    /// The restart markers (FF D0...D7) in order, as their second bytes: entropy-coded data stuffs
    /// every FF with 00, so these bytes are markers wherever they occur.
    static func restartMarkers(_ jpeg: [UInt8]) -> [UInt8] {
        zip(jpeg, jpeg.dropFirst()).filter { $0 == 0xFF && (0xD0...0xD7).contains($1) }.map(\.1)
    }

    @Test func jpegKeepsBlockColours() throws {
        let frame = Self.blocks()
        Self.expectBlockCentres(try Self.decode(Self.encode(.jpeg, frame, setting: 90)), of: frame, tolerance: 6)
        for quality: Int32 in [1, 100] {
            let decoded = try Self.decode(Self.encode(.jpeg, frame, setting: quality))
            #expect(decoded.width == frame.width && decoded.height == frame.height)
        }
    }

    @Test func webpKeepsBlockColours() throws {
        let frame = Self.blocks()
        Self.expectBlockCentres(try Self.decode(Self.encode(.webp, frame, setting: 90)), of: frame, tolerance: 8)
        for quality: Int32 in [1, 100] {
            let decoded = try Self.decode(Self.encode(.webp, frame, setting: quality))
            #expect(decoded.width == frame.width && decoded.height == frame.height)
        }
    }

    @Test(arguments: Codec.allCases)
    func tinyAndOddFramesEncode(codec: Codec) throws {
        let setting: Int32 = codec == .png ? SA_PNG_DEFAULT_LEVEL : 80
        for (width, height) in [(1, 1), (1, 9), (9, 1), (3, 5), (17, 33)] {
            let frame = Frame(width: width, height: height, padding: 4) { _, _ in (230, 120, 20) }
            let decoded = try Self.decode(Self.encode(codec, frame, setting: setting))
            #expect(decoded.width == width && decoded.height == height)
            let centre = decoded.pixel(width / 2, height / 2)
            let worst = zip(centre, [230, 120, 20] as [UInt8]).map { abs(Int($0) - Int($1)) }.max()!
            #expect(worst <= 10, "\(codec) \(width)x\(height): centre \(centre)")
        }
    }

    @Test func encodersRunConcurrentlyWithSameResults() async throws {
        let frame = Frame(width: 97, height: 61, padding: 8, rgb: Self.noise)
        let settings: [(Codec, Int32)] = [(.png, 1), (.jpeg, 80), (.webp, 80)]
        let expected = try settings.map { try Self.encode($0.0, frame, setting: $0.1) }
        let outputs = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for round in 0..<12 {
                let index = round % settings.count
                group.addTask { (index, try Self.encode(settings[index].0, frame, setting: settings[index].1)) }
            }
            return try await group.reduce(into: [(Int, [UInt8])]()) { $0.append($1) }
        }
        #expect(outputs.count == 12)
        for (index, bytes) in outputs { #expect(bytes == expected[index], "\(settings[index].0) differs") }
    }

    // MARK: - Scaling

    /// Scales and returns dst as RGB triples, checking every X byte is 0xFF.
    static func scale(_ frame: Frame, to width: Int, _ height: Int) -> [[UInt8]]? {
        // Never empty, so a bad size reaches the C check with a real pointer.
        var dst = [UInt8](repeating: 0, count: max(width * height * 4, 4))
        let status = frame.withView { view in
            dst.withUnsafeMutableBufferPointer { sa_scale_bgrx(view, $0.baseAddress, Int32(width), Int32(height)) }
        }
        guard status == 0 else { return nil }
        #expect(stride(from: 3, to: dst.count, by: 4).allSatisfy { dst[$0] == 0xFF }, "X bytes")
        return stride(from: 0, to: dst.count, by: 4).map { [dst[$0 + 2], dst[$0 + 1], dst[$0]] }
    }

    /// One axis in floating point: area-average weights when shrinking, centre-aligned bilinear when enlarging.
    static func referenceWeights(source: Int, target: Int, output: Int) -> [(Int, Double)] {
        if target < source {
            let scale = Double(source) / Double(target)
            let start = Double(output) * scale, end = start + scale
            return (Int(start.rounded(.down))..<Int(end.rounded(.up))).map { input in
                (input, (min(end, Double(input + 1)) - max(start, Double(input))) / scale)
            }
        }
        let position = min(max((Double(output) + 0.5) * Double(source) / Double(target) - 0.5, 0), Double(source - 1))
        let first = Int(position.rounded(.down)), fraction = position - Double(first)
        return first + 1 < source ? [(first, 1 - fraction), (first + 1, fraction)] : [(first, 1)]
    }

    static func referenceScale(_ frame: Frame, to width: Int, _ height: Int) -> [[Double]] {
        var result: [[Double]] = []
        for y in 0..<height {
            let rows = referenceWeights(source: frame.height, target: height, output: y)
            for x in 0..<width {
                let columns = referenceWeights(source: frame.width, target: width, output: x)
                var sum = [0.0, 0.0, 0.0]
                for (row, rowWeight) in rows {
                    for (column, columnWeight) in columns {
                        let pixel = frame.rgb(column, row)
                        for channel in 0..<3 { sum[channel] += rowWeight * columnWeight * Double(pixel[channel]) }
                    }
                }
                result.append(sum)
            }
        }
        return result
    }

    @Test func shrinkingByTwoAveragesEachTwoByTwoBlockExactly() throws {
        let values: [UInt8] = [10, 20, 200, 201, 30, 41, 0, 255, 7, 7, 100, 50, 9, 8, 60, 90]
        let frame = Frame(width: 4, height: 4, padding: 8) { x, y in
            let value = values[y * 4 + x]
            return (value, 255 - value, value / 2)
        }
        let scaled = try #require(Self.scale(frame, to: 2, 2))
        for y in 0..<2 {
            for x in 0..<2 {
                let pixels = [(0, 0), (1, 0), (0, 1), (1, 1)].map { frame.rgb(2 * x + $0.0, 2 * y + $0.1) }
                let want = (0..<3).map { channel in UInt8((pixels.reduce(0) { $0 + Int($1[channel]) } + 2) / 4) }
                #expect(scaled[y * 2 + x] == want, "pixel (\(x), \(y))")
            }
        }
    }

    @Test func shrinkingByOneAndAHalfUsesCoverageWeights() throws {
        // Output 0 covers source [0, 1.5): (30 + 0.5 * 60) / 1.5 = 40; output 1: (0.5 * 60 + 90) / 1.5 = 80.
        let frame = Frame(width: 3, height: 1) { x, _ in ([30, 60, 90][x], 0, 255) }
        #expect(Self.scale(frame, to: 2, 1) == [[40, 0, 255], [80, 0, 255]])
    }

    @Test func enlargingInterpolatesBetweenPixelCentres() throws {
        // Output centres 0.5, 1.5, 2.5, 3.5 map to source -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        let frame = Frame(width: 2, height: 1) { x, _ in ([0, 100][x], [200, 0][x], 50) }
        #expect(Self.scale(frame, to: 4, 1) == [[0, 200, 50], [25, 150, 50], [75, 50, 50], [100, 0, 50]])
    }

    /// A source size and a destination size.
    struct Resize: Sendable, CustomTestStringConvertible {
        var width: Int, height: Int, toWidth: Int, toHeight: Int
        init(_ width: Int, _ height: Int, _ toWidth: Int, _ toHeight: Int) {
            (self.width, self.height, self.toWidth, self.toHeight) = (width, height, toWidth, toHeight)
        }
        var testDescription: String { "\(width)x\(height) to \(toWidth)x\(toHeight)" }
    }

    @Test(arguments: [Resize(3, 5, 6, 10), Resize(3, 5, 7, 11), Resize(1, 1, 40, 3), Resize(5, 4, 5, 9)])
    func enlargingAUniformFrameKeepsItUniform(resize: Resize) throws {
        let frame = Frame(width: resize.width, height: resize.height, padding: 4) { _, _ in (17, 99, 200) }
        let scaled = try #require(Self.scale(frame, to: resize.toWidth, resize.toHeight))
        #expect(scaled.count == resize.toWidth * resize.toHeight)
        #expect(scaled.allSatisfy { $0 == [17, 99, 200] })
    }

    @Test(arguments: [
        Resize(6, 2, 3, 4), Resize(13, 7, 5, 11), Resize(9, 9, 4, 4), Resize(5, 3, 12, 2), Resize(40, 1, 3, 1),
        Resize(7, 30, 7, 4), Resize(64, 48, 1, 1), Resize(1000, 3, 7, 5),
    ])
    func scalingMatchesAFloatingPointReferencePerAxis(resize: Resize) throws {
        let frame = Frame(width: resize.width, height: resize.height, padding: 12, rgb: Self.noise)
        let scaled = try #require(Self.scale(frame, to: resize.toWidth, resize.toHeight))
        let reference = Self.referenceScale(frame, to: resize.toWidth, resize.toHeight)
        for (index, pixel) in scaled.enumerated() {
            let worst = (0..<3).map { abs(Double(pixel[$0]) - reference[index][$0]) }.max()!
            #expect(worst <= 1, "pixel \(index): got \(pixel), want \(reference[index])")
        }
    }

    @Test func scalingToTheSameSizeCopies() throws {
        let frame = Frame(width: 11, height: 6, padding: 20, rgb: Self.noise)
        let scaled = try #require(Self.scale(frame, to: 11, 6))
        #expect(scaled == (0..<6).flatMap { y in (0..<11).map { x in frame.rgb(x, y) } })
    }

    @Test func scalingRejectsBadArguments() {
        let frame = Frame(width: 4, height: 4) { _, _ in (1, 2, 3) }
        #expect(Self.scale(frame, to: 0, 2) == nil)
        #expect(Self.scale(frame, to: 2, -1) == nil)
        #expect(Self.scale(frame, to: 32768, 1) == nil)
        var dst = [UInt8](repeating: 0, count: 16)
        frame.withView { view in
            #expect(sa_scale_bgrx(view, nil, 2, 2) == -1)
            var narrow = view
            narrow.stride = 15
            #expect(sa_scale_bgrx(narrow, &dst, 2, 2) == -1)
            var empty = view
            empty.pixels = nil
            #expect(sa_scale_bgrx(empty, &dst, 2, 2) == -1)
        }
    }

    // MARK: - Cursor compositing

    /// Composites and returns the frame; `argb` is row-major, `unsigned long` per pixel as XFixes gives it.
    static func composite(_ frame: Frame, _ argb: [UInt], width: Int, height: Int, left: Int, top: Int) -> Frame {
        var result = frame
        result.bytes.withUnsafeMutableBufferPointer { pixels in
            sa_composite_cursor(
                pixels.baseAddress, Int32(frame.width), Int32(frame.height), frame.stride, argb, Int32(width), Int32(height),
                Int32(left), Int32(top))
        }
        return result
    }

    /// Premultiplied "over" for one channel, in integers rounded to nearest.
    static func over(_ cursor: Int, alpha: Int, _ frame: UInt8) -> UInt8 {
        UInt8(min(255, cursor + (Int(frame) * (255 - alpha) + 127) / 255))
    }

    @Test func opaqueCursorPixelsReplaceTheFrame() {
        let frame = Frame(width: 3, height: 2, padding: 4) { _, _ in (200, 100, 50) }
        // High bits above the low 32 must be ignored.
        let argb: [UInt] = [0xDEAD_BEEF_FF11_2233, 0x0000_0000_FFFF_FFFF]
        let result = Self.composite(frame, argb, width: 2, height: 1, left: 1, top: 1)
        #expect(result.rgb(1, 1) == [0x11, 0x22, 0x33])
        #expect(result.rgb(2, 1) == [255, 255, 255])
        #expect(result.rgb(0, 1) == [200, 100, 50])
        #expect(result.rgb(1, 0) == [200, 100, 50])
    }

    @Test func halfTransparentPremultipliedPixelsBlend() {
        let frame = Frame(width: 2, height: 1) { _, _ in (200, 100, 0) }
        // 50% white and 50% pure red, premultiplied; then a fully transparent pixel.
        let argb: [UInt] = [0x8080_8080, 0x0000_0000]
        var result = Self.composite(frame, argb, width: 2, height: 1, left: 0, top: 0)
        #expect(result.rgb(0, 0) == [200, 100, 0].map { Self.over(128, alpha: 128, $0) })
        #expect(result.rgb(0, 0) == [228, 178, 128])
        #expect(result.rgb(1, 0) == [200, 100, 0])
        result = Self.composite(frame, [0x8080_0000], width: 1, height: 1, left: 1, top: 0)
        #expect(result.rgb(1, 0) == [Self.over(128, alpha: 128, 200), Self.over(0, alpha: 128, 100), Self.over(0, alpha: 128, 0)])
    }

    @Test(arguments: [(-2, -1), (3, 2), (-3, 3), (4, -3), (-4, 0), (5, 0), (0, 5), (-100, -100), (2, 1)])
    func cursorIsClippedToTheFrame(left: Int, top: Int) {
        let frame = Frame(width: 5, height: 5, padding: 8, rgb: Self.noise)
        let cursorWidth = 4, cursorHeight = 4
        let argb: [UInt] = (0..<(cursorWidth * cursorHeight)).map { index in
            index % 3 == 0 ? 0x8040_2010 : 0xFF00_0000 | UInt(index * 0x0A0B0C)
        }
        let result = Self.composite(frame, argb, width: cursorWidth, height: cursorHeight, left: left, top: top)
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let column = x - left, row = y - top
                var want = frame.rgb(x, y)
                if (0..<cursorWidth).contains(column), (0..<cursorHeight).contains(row) {
                    let pixel = Int(argb[row * cursorWidth + column] & 0xFFFF_FFFF)
                    let alpha = pixel >> 24
                    want = [
                        Self.over(pixel >> 16 & 0xFF, alpha: alpha, want[0]), Self.over(pixel >> 8 & 0xFF, alpha: alpha, want[1]),
                        Self.over(pixel & 0xFF, alpha: alpha, want[2]),
                    ]
                }
                #expect(result.rgb(x, y) == want, "pixel (\(x), \(y)) with cursor at (\(left), \(top))")
            }
        }
        // Only the colour bytes of visible pixels may change: not X bytes, not row padding.
        for index in frame.bytes.indices where index % frame.stride >= frame.width * 4 || index % 4 == 3 {
            #expect(result.bytes[index] == frame.bytes[index], "byte \(index)")
        }
    }

    @Test func compositingIgnoresEmptyOrMissingInput() {
        let frame = Frame(width: 2, height: 2) { _, _ in (1, 2, 3) }
        let cursor: [UInt] = [0xFFFF_FFFF]
        #expect(Self.composite(frame, cursor, width: 0, height: 1, left: 0, top: 0).bytes == frame.bytes)
        #expect(Self.composite(frame, cursor, width: 1, height: -1, left: 0, top: 0).bytes == frame.bytes)
        #expect(Self.composite(frame, cursor, width: 1, height: 1, left: Int(Int32.max), top: 0).bytes == frame.bytes)
        #expect(Self.composite(frame, cursor, width: 1, height: 1, left: 0, top: Int(Int32.min)).bytes == frame.bytes)
        var copy = frame
        copy.bytes.withUnsafeMutableBufferPointer { pixels in
            sa_composite_cursor(pixels.baseAddress, 2, 2, 8, nil, 1, 1, 0, 0)
            sa_composite_cursor(nil, 2, 2, 8, cursor, 1, 1, 0, 0)
        }
        #expect(copy.bytes == frame.bytes)
    }

    // MARK: - Bad arguments

    @Test(arguments: Codec.allCases)
    func encodersRejectBadFramesWithAMessage(codec: Codec) {
        let setting: Int32 = codec == .png ? 1 : 80
        let pixels = [UInt8](repeating: 0, count: 16 * 4)
        pixels.withUnsafeBufferPointer { buffer in
            let good = sa_bgrx_view(pixels: buffer.baseAddress, width: 4, height: 4, stride: 16)
            var cases: [(String, sa_bgrx_view)] = []
            var view = good
            view.pixels = nil
            cases.append(("NULL pixels", view))
            view = good
            view.width = 0
            cases.append(("zero width", view))
            view = good
            view.height = -1
            cases.append(("negative height", view))
            view = good
            view.width = 32768
            view.height = 1
            view.stride = 32768 * 4
            cases.append(("width over 32767", view))
            view = good
            view.stride = 15
            cases.append(("stride under width * 4", view))
            for (name, bad) in cases {
                let result = Self.encode(codec, bad, setting: setting)
                #expect(result.status == -1, "\(codec), \(name)")
                #expect(result.bytes.count == 0, "\(codec), \(name)")
                #expect(!result.error.isEmpty, "\(codec), \(name) has no message")
            }
            var error = [CChar](repeating: 0, count: Int(SA_ERROR_CAPACITY))
            let status: Int32 = switch codec {
            case .png: sa_png_encode_bgrx(good, setting, nil, &error)
            case .jpeg: sa_jpeg_encode_bgrx(good, setting, 0, nil, &error)
            case .webp: sa_webp_encode_bgrx(good, setting, nil, &error)
            }
            #expect(status == -1 && !Self.message(error).isEmpty, "\(codec), NULL output")
        }
    }

    @Test func encodersRejectSettingsOutOfRange() {
        let frame = Self.blocks(width: 8, height: 8)
        for (codec, setting) in [(Codec.png, Int32(-1)), (.png, 13), (.jpeg, 0), (.jpeg, 101), (.webp, 0), (.webp, 101)] {
            let result = frame.withView { Self.encode(codec, $0, setting: setting) }
            #expect(result.status == -1 && result.bytes.count == 0, "\(codec) \(setting)")
            #expect(!result.error.isEmpty, "\(codec) \(setting) has no message")
        }
    }

    @Test func webpRejectsFramesOverItsOwnLimit() {
        let frame = Frame(width: 16384, height: 1) { _, _ in (0, 0, 0) }
        let result = frame.withView { Self.encode(.webp, $0, setting: 80) }
        #expect(result.status == -1)
        #expect(result.error.contains("16383"), "\(result.error)")
    }
}
