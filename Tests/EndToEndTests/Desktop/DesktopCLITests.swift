import Foundation
import NIOHTTP1
import Testing

@Suite("sandbox-agent api desktop", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct DesktopCLITests {
    @Test func startScreenshotInputAndStopFromTheCommandLine() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let endpoint = ["--endpoint", server.address("")]
            let started = try await sandboxAgent(["api", "desktop", "start", "--width", "400", "--height", "300"] + endpoint)
            #expect(started.code == 0, "\(started.stderr)")
            #expect(started.stdout.contains("state: active") && started.stdout.contains("400x300"))
            let file = server.dataDirectory.appendingPathComponent("shot.png").path
            let shot = try await sandboxAgent(["api", "desktop", "screenshot", "--out", file, "--scale", "0.5"] + endpoint)
            #expect(shot.code == 0, "\(shot.stderr)")
            #expect(shot.stdout.contains("image 200x150 of screen 400x300"))
            let image = try DecodedImage(Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(image.width == 200 && image.height == 150)
            let click = try await sandboxAgent(["api", "desktop", "click", "30", "40", "--count", "2"] + endpoint)
            #expect(click.stdout == "pointer at 30,40\n", "\(click.stderr)")
            #expect(try await sandboxAgent(["api", "desktop", "type", "héllo"] + endpoint).code == 0)
            #expect(try await sandboxAgent(["api", "desktop", "key", "ctrl+l"] + endpoint).code == 0)
            let badKey = try await sandboxAgent(["api", "desktop", "key", "hyperspace"] + endpoint)
            #expect(badKey.code == 1 && badKey.stderr.contains("hyperspace"))
            let stopped = try await sandboxAgent(["api", "desktop", "stop", "--json"] + endpoint)
            #expect(stopped.stdout.contains(#""state":"inactive""#) || stopped.stdout.contains(#""state" : "inactive""#))
        }
    }
}
