import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

@Suite("Desktop screenshots", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct DesktopScreenshotTests {
    /// Known colours at known places, painted by an independent X client.
    static let rects: [(x: Int, y: Int, width: Int, height: Int, color: Int)] = [
        (0, 0, 200, 100, 0xFF0000), (200, 0, 200, 100, 0x00FF80), (0, 100, 100, 140, 0x2040C0), (300, 150, 100, 90, 0xFFFF00),
    ]

    private func paint(_ desktop: DesktopSession) async throws -> X11Probe {
        let arguments = Self.rects.flatMap { ["--rect", "\($0.x),\($0.y),\($0.width),\($0.height),\(String(format: "%06x", $0.color))"] }
        return try await X11Probe.start("paint", arguments, display: desktop.display)
    }

    @Test func pngIsPixelExactAndJPEGAndWebPAreClose() async throws {
        try await withDesktop(width: 400, height: 240) { desktop in
            let probe = try await paint(desktop)
            defer { probe.stop() }
            for (format, tolerance) in [("png", 0), ("jpeg", 12), ("webp", 16)] {
                let response = try await desktop.get("/v1/desktop/screenshot?format=\(format)")
                #expect(response.status == 200)
                #expect(response.headers.first(name: "content-type") == "image/\(format)")
                let image = try DecodedImage(response.body)
                #expect(image.width == 400 && image.height == 240)
                for rect in Self.rects {
                    if tolerance == 0 {
                        for y in rect.y..<(rect.y + rect.height) where y % 7 == 0 {
                            for x in rect.x..<(rect.x + rect.width) where image.pixel(x, y) != rect.color {
                                Issue.record("\(format) pixel (\(x), \(y)) is \(String(image.pixel(x, y), radix: 16)), painted \(String(rect.color, radix: 16))")
                                return
                            }
                        }
                    } else {
                        let (cx, cy) = (rect.x + rect.width / 2, rect.y + rect.height / 2)
                        #expect(image.pixel(cx, cy, isNear: rect.color, tolerance: tolerance), "\(format) at (\(cx), \(cy))")
                    }
                }
            }
        }
    }

    @Test func regionAndScaleMathAndGeometryHeaders() async throws {
        try await withDesktop(width: 400, height: 240) { desktop in
            let probe = try await paint(desktop)
            defer { probe.stop() }
            // The region straddles the red/green border: red left half, green right half.
            let region = try await desktop.get("/v1/desktop/screenshot/region?x=150&y=20&width=100&height=60")
            #expect(region.status == 200)
            let regionImage = try DecodedImage(region.body)
            #expect(regionImage.width == 100 && regionImage.height == 60)
            #expect(regionImage.pixel(10, 10) == 0xFF0000 && regionImage.pixel(49, 59) == 0xFF0000)
            #expect(regionImage.pixel(50, 0) == 0x00FF80 && regionImage.pixel(99, 30) == 0x00FF80)
            #expect(region.headers.first(name: "x-region-x") == "150" && region.headers.first(name: "x-region-y") == "20")
            #expect(region.headers.first(name: "x-screen-width") == "400" && region.headers.first(name: "x-screen-height") == "240")

            let scaled = try await desktop.get("/v1/desktop/screenshot?scale=0.5")
            let scaledImage = try DecodedImage(scaled.body)
            #expect(scaledImage.width == 200 && scaledImage.height == 120)
            #expect(scaled.headers.first(name: "x-image-width") == "200" && scaled.headers.first(name: "x-scale-x") == "0.5")
            // Block interiors keep their colour after area averaging.
            #expect(scaledImage.pixel(50, 25) == 0xFF0000 && scaledImage.pixel(175, 100) == 0xFFFF00)

            // Independent axes: 400x240 -> 100x120 is 0.25 horizontally, 0.5 vertically.
            let sized = try await desktop.get("/v1/desktop/screenshot?width=100&height=120")
            let sizedImage = try DecodedImage(sized.body)
            #expect(sizedImage.width == 100 && sizedImage.height == 120)
            #expect(sized.headers.first(name: "x-scale-x") == "0.25" && sized.headers.first(name: "x-scale-y") == "0.5")
            // A client maps image (87, 97) back: screen = image / scale = (348, 194), the yellow block.
            #expect(sizedImage.pixel(87, 97) == 0xFFFF00)

            let widthOnly = try await desktop.get("/v1/desktop/screenshot?width=200")
            #expect(widthOnly.headers.first(name: "x-image-height") == "120")

            let zoomed = try await desktop.get("/v1/desktop/screenshot/region?x=300&y=150&width=50&height=45&outputWidth=100")
            let zoomedImage = try DecodedImage(zoomed.body)
            #expect(zoomedImage.width == 100 && zoomedImage.height == 90 && zoomedImage.pixel(50, 45) == 0xFFFF00)
        }
    }

    @Test func showCursorDrawsTheRealCursorWhereThePointerIs() async throws {
        try await withDesktop(width: 400, height: 240) { desktop in
            let probe = try await paint(desktop)
            defer { probe.stop() }
            try await desktop.client.moveMouse(MouseMoveRequest(x: 100, y: 50))
            let plain = try DecodedImage(try await desktop.get("/v1/desktop/screenshot/region?x=80&y=30&width=40&height=40").body)
            let withCursor = try DecodedImage(
                try await desktop.get("/v1/desktop/screenshot/region?x=80&y=30&width=40&height=40&showCursor=true").body)
            let changed = (0..<40).flatMap { y in (0..<40).map { (x: $0, y: y) } }.filter { plain.pixel($0.x, $0.y) != withCursor.pixel($0.x, $0.y) }
            #expect(plain.pixel(20, 20) == 0xFF0000)
            #expect(changed.count > 20, "the cursor changes pixels around the pointer")
            #expect(changed.allSatisfy { abs($0.x - 20) < 20 && abs($0.y - 20) < 20 })
        }
    }

    @Test func anUnchangedScreenIsServedIdenticallyAndAChangeIsSeen() async throws {
        try await withDesktop(width: 400, height: 240) { desktop in
            let first = try await desktop.get("/v1/desktop/screenshot")
            let second = try await desktop.get("/v1/desktop/screenshot")
            #expect(first.body == second.body)
            let probe = try await paint(desktop)
            let third = try DecodedImage(try await desktop.get("/v1/desktop/screenshot").body)
            #expect(third.pixel(10, 10) == 0xFF0000, "the cache never serves a stale frame")
            // Every later change is seen too (damage tracking re-arms after each capture).
            probe.stop()
            let uncovered = try await eventually {
                try DecodedImage(try await desktop.get("/v1/desktop/screenshot").body).pixel(10, 10) != 0xFF0000
            }
            #expect(uncovered, "the painted window's disappearance is seen")
            let repaint = try await X11Probe.start("paint", ["--rect", "0,0,40,40,00ff00"], display: desktop.display)
            defer { repaint.stop() }
            let fourth = try DecodedImage(try await desktop.get("/v1/desktop/screenshot").body)
            #expect(fourth.pixel(10, 10) == 0x00FF00, "a change right after a served frame is seen")
        }
    }

    /// Small drawings are captured as their damaged rectangles and patched into the last frame:
    /// every pixel of each screenshot is what the screen shows (the first, whole-screen shot with the
    /// painted rectangles on top, in stacking order), also after a painted window goes away.
    @Test func smallChangesArePatchedPixelExactly() async throws {
        try await withDesktop(width: 400, height: 240) { desktop in
            let background = try DecodedImage(try await desktop.get("/v1/desktop/screenshot").body)
            let first = [(10, 10, 30, 20, 0xFF0000), (330, 200, 50, 30, 0x0000FF)]
            let second = [(20, 15, 100, 50, 0x00FF00)]
            func expected(_ rects: [(Int, Int, Int, Int, Int)]) -> [Int] {
                var pixels = (0..<background.height).flatMap { y in (0..<background.width).map { background.pixel($0, y) } }
                for (x, y, width, height, color) in rects {
                    for row in y..<y + height { for column in x..<x + width { pixels[row * background.width + column] = color } }
                }
                return pixels
            }
            func mismatches(_ want: [Int]) async throws -> String? {
                let image = try DecodedImage(try await desktop.get("/v1/desktop/screenshot").body)
                let wrong = (0..<want.count).filter { image.pixel($0 % image.width, $0 / image.width) != want[$0] }
                guard let index = wrong.first else { return nil }
                let (x, y) = (index % image.width, index / image.width)
                return "\(wrong.count) pixels differ, first at (\(x), \(y)): \(String(format: "%06x", image.pixel(x, y))) instead of \(String(format: "%06x", want[index]))"
            }
            func paint(_ rects: [(Int, Int, Int, Int, Int)]) async throws -> X11Probe {
                let arguments = rects.flatMap { ["--rect", "\($0.0),\($0.1),\($0.2),\($0.3),\(String(format: "%06x", $0.4))"] }
                return try await X11Probe.start("paint", arguments, display: desktop.display)
            }

            let lower = try await paint(first)
            defer { lower.stop() }
            let afterFirst = try await mismatches(expected(first))
            #expect(afterFirst == nil)
            let upper = try await paint(second)
            defer { upper.stop() }
            let afterSecond = try await mismatches(expected(first + second))
            #expect(afterSecond == nil)
            // More damaged rectangles than the server patches one by one: captured as their bounds.
            let speckles = (0..<20).map { (150 + $0 % 5 * 12, 100 + $0 / 5 * 12, 6, 6, 0xFFFF00) }
            let speckled = try await paint(speckles)
            defer { speckled.stop() }
            let afterSpeckles = try await mismatches(expected(first + second + speckles))
            #expect(afterSpeckles == nil)
            lower.stop()
            var last: String?
            let uncovered = try await eventually {
                last = try await mismatches(expected(second + speckles))
                return last == nil
            }
            #expect(uncovered, "after the lower window went away: \(last ?? "")")
        }
    }

    /// JPEGs re-encode only the MCU rows that changed since the last one; each still shows the
    /// screen as it is (compared with a PNG of the same moment at the painted places).
    @Test func jpegScreenshotsFollowEveryChange() async throws {
        try await withDesktop(width: 400, height: 300) { desktop in
            let points = [(25, 20), (355, 215), (70, 40), (203, 110), (390, 290)]
            func check(_ moment: String) async throws {
                let jpeg = try DecodedImage(try await desktop.get("/v1/desktop/screenshot?format=jpeg&quality=90").body)
                let png = try DecodedImage(try await desktop.get("/v1/desktop/screenshot").body)
                for (x, y) in points {
                    let (got, want) = (jpeg.pixel(x, y), png.pixel(x, y))
                    let worst = [16, 8, 0].map { abs((got >> $0 & 0xFF) - (want >> $0 & 0xFF)) }.max()!
                    #expect(worst <= 24, "\(moment), at (\(x), \(y)): JPEG \(String(format: "%06x", got)), PNG \(String(format: "%06x", want))")
                }
            }
            func paint(_ rects: String...) async throws -> X11Probe {
                try await X11Probe.start("paint", rects.flatMap { ["--rect", $0] }, display: desktop.display)
            }
            try await check("before painting")
            let lower = try await paint("10,10,40,30,ff0000", "330,200,50,30,0000ff")
            defer { lower.stop() }
            try await check("after painting")
            let upper = try await paint("60,30,160,100,00ff00")
            defer { upper.stop() }
            try await check("after painting on top")
            lower.stop()
            let gone = try await eventually {
                try DecodedImage(try await desktop.get("/v1/desktop/screenshot").body).pixel(25, 20) != 0xFF0000
            }
            #expect(gone)
            try await check("after a window went away")
        }
    }
}
