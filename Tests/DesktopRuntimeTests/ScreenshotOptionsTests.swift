import SandboxAgentAPI
import Testing

@testable import DesktopRuntime

@Suite struct ScreenshotOptionsTests {
    @Test func defaultsCoverTheWholeScreenAtNativeSize() throws {
        let plan = try ScreenshotOptions().plan(screenWidth: 1920, screenHeight: 1080)
        #expect(plan.region == ScreenRegion(x: 0, y: 0, width: 1920, height: 1080))
        #expect(plan.outputWidth == 1920 && plan.outputHeight == 1080 && plan.scaleX == 1 && plan.scaleY == 1)
        #expect(plan.format == .png && plan.quality == ScreenshotOptions.defaultQuality)
    }

    @Test func scaleRoundsAndKeepsBothFactors() throws {
        let plan = try ScreenshotOptions(scale: 0.33).plan(screenWidth: 1440, screenHeight: 900)
        #expect(plan.outputWidth == 475 && plan.outputHeight == 297)
        #expect(abs(plan.scaleX - 475.0 / 1440) < 1e-12 && abs(plan.scaleY - 297.0 / 900) < 1e-12)
    }

    @Test func oneTargetSideKeepsTheAspectRatioAndTwoSetEachAxis() throws {
        let widthOnly = try ScreenshotOptions(width: 1366).plan(screenWidth: 1920, screenHeight: 1080)
        #expect(widthOnly.outputHeight == 768)
        let heightOnly = try ScreenshotOptions(height: 540).plan(screenWidth: 1920, screenHeight: 1080)
        #expect(heightOnly.outputWidth == 960)
        let both = try ScreenshotOptions(width: 1024, height: 768).plan(screenWidth: 1920, screenHeight: 1080)
        #expect(both.scaleX == 1024.0 / 1920 && both.scaleY == 768.0 / 1080)
    }

    @Test func regionSizesApplyToTheRegion() throws {
        let region = ScreenRegion(x: 100, y: 50, width: 200, height: 100)
        let plan = try ScreenshotOptions(format: .jpeg, quality: 60, width: 400, region: region).plan(screenWidth: 640, screenHeight: 480)
        #expect(plan.region == region && plan.outputWidth == 400 && plan.outputHeight == 200 && plan.quality == 60)
    }

    @Test func anImageIsAtMostFourTimesTheScreensPixels() throws {
        let twice = try ScreenshotOptions(width: 2880).plan(screenWidth: 1440, screenHeight: 900)
        #expect(twice.outputWidth == 2880 && twice.outputHeight == 1800)
        for (options, field) in [
            (ScreenshotOptions(width: 16384, height: 16384), "width"),
            (ScreenshotOptions(height: 1801), "height"),
            (ScreenshotOptions(width: 16384, region: ScreenRegion(x: 0, y: 0, width: 100, height: 100)), "outputWidth"),
        ] {
            do {
                _ = try options.plan(screenWidth: 1440, screenHeight: 900)
                Issue.record("\(options) was accepted")
            } catch {
                #expect(error.code == .invalidAction && error.field == field, "\(error)")
                #expect(error.message.contains("5184000"), "\(error.message)")
            }
        }
    }

    /// Large screens allow 4x their pixels only up to 8192x8192 (67,108,864 pixels) in all: the
    /// largest screen at its native size, nothing bigger (16384x16384 cost 1.85 GB).
    @Test func anImageIsAtMost8192x8192PixelsWhateverTheScreen() throws {
        let native = try ScreenshotOptions().plan(screenWidth: 8192, screenHeight: 8192)
        #expect(native.outputWidth * native.outputHeight == ScreenshotOptions.maximumOutputPixels)
        let upscaled = try ScreenshotOptions(width: 8192).plan(screenWidth: 4096, screenHeight: 4096)
        #expect(upscaled.outputWidth == 8192 && upscaled.outputHeight == 8192)
        for (options, screen, field) in [
            (ScreenshotOptions(width: 16384, height: 16384), (8192, 8192), "width"),
            (ScreenshotOptions(height: 8193), (8192, 8192), "height"),
            (ScreenshotOptions(width: 8192, height: 16384), (4096, 8192), "width"),
            (ScreenshotOptions(width: 16384, region: ScreenRegion(x: 0, y: 0, width: 8192, height: 8192)), (8192, 8192), "outputWidth"),
        ] {
            do {
                let plan = try options.plan(screenWidth: screen.0, screenHeight: screen.1)
                Issue.record("\(options) on \(screen) gave \(plan.outputWidth)x\(plan.outputHeight)")
            } catch {
                #expect(error.code == .invalidAction && error.field == field, "\(error)")
                #expect(error.message.contains("67108864"), "\(error.message)")
            }
        }
    }

    @Test(arguments: [
        (ScreenshotOptions(quality: 80), "quality"),
        (ScreenshotOptions(format: .jpeg, quality: 0), "quality"),
        (ScreenshotOptions(scale: 1.5), "scale"),
        (ScreenshotOptions(scale: 0.05), "scale"),
        (ScreenshotOptions(scale: .nan), "scale"),
        (ScreenshotOptions(scale: 0.5, width: 10), "scale"),
        (ScreenshotOptions(width: 0), "width"),
        (ScreenshotOptions(height: 20_000), "height"),
        (ScreenshotOptions(region: ScreenRegion(x: -1, y: 0, width: 5, height: 5)), "x"),
        (ScreenshotOptions(region: ScreenRegion(x: 0, y: 0, width: 0, height: 5)), "width"),
        (ScreenshotOptions(region: ScreenRegion(x: 600, y: 0, width: 41, height: 5)), "region"),
        (ScreenshotOptions(width: 0, region: ScreenRegion(x: 0, y: 0, width: 5, height: 5)), "outputWidth"),
        // Far off the screen: named, and no sum overflows (x + width once trapped).
        (ScreenshotOptions(region: ScreenRegion(x: .max, y: 0, width: 1, height: 1)), "x"),
        (ScreenshotOptions(region: ScreenRegion(x: 0, y: .max, width: 1, height: 1)), "y"),
        (ScreenshotOptions(region: ScreenRegion(x: 1, y: 0, width: .max, height: 1)), "width"),
        (ScreenshotOptions(region: ScreenRegion(x: 0, y: 1, width: 1, height: .max)), "height"),
    ])
    func invalidOptionsNameTheirField(options: ScreenshotOptions, field: String) {
        #expect(throws: DesktopError.self) { try options.plan(screenWidth: 640, screenHeight: 480) }
        do {
            _ = try options.plan(screenWidth: 640, screenHeight: 480)
        } catch {
            #expect(error.code == .invalidAction && error.field == field, "\(error)")
        }
    }
}

@Suite struct KeyNamesTests {
    @Test func keysymNamesAliasesAndSingleCharacters() throws {
        #expect(try KeyNames.parseChord("ctrl+shift+t", field: "key") == [0xffe3, 0xffe1, 0x74])
        #expect(try KeyNames.parseChord("Return", field: "key") == [0xff0d])
        #expect(try KeyNames.parseChord("ENTER", field: "key") == [0xff0d])
        #expect(try KeyNames.parseChord("page_down", field: "key") == [0xff56])
        #expect(try KeyNames.parseChord("cmd+f24", field: "key") == [0xffeb, 0xffd5])
        #expect(try KeyNames.parseChord("A", field: "key") == [0x41])
        #expect(try KeyNames.parseChord("ctrl++", field: "key") == [0xffe3, 0x2b])
        #expect(try KeyNames.parseChord("é", field: "key") == [0xe9])
        #expect(try KeyNames.parseChord("日", field: "key") == [0x0100_65e5])
    }

    @Test(arguments: ["", "ctrl+", "nosuchkey", "ctrl+hyperspace"])
    func unknownOrEmptyNamesAreErrorsNamingTheField(_ spec: String) {
        #expect(throws: DesktopError.self) { try KeyNames.parseChord(spec, field: "key") }
    }
}
