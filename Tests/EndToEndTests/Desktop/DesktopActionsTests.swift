import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

@Suite("Desktop batched actions", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct DesktopActionsTests {
    @Test func actionsRunInOrderThenSettleAndScreenshot() async throws {
        try await withDesktop { desktop in
            let probe = try await X11Probe.start("record", ["--geometry", "600x400+0+0", "--override-redirect"], display: desktop.display)
            defer { probe.stop() }
            let response = try await desktop.client.performDesktopActions(
                DesktopActionsRequest(
                    actions: [
                        .click(MouseClickRequest(x: 30, y: 40)), .type(KeyboardTypeRequest(text: "hé")), .press(KeyboardPressRequest(key: "enter")),
                        .scroll(MouseScrollRequest(x: 60, y: 70, deltaY: 1)), .wait(DesktopWait(ms: 5)), .move(MouseMoveRequest(x: 90, y: 80)),
                    ],
                    settle: SettleOptions(quietMs: 50, timeoutMs: 2000),
                    screenshot: BatchScreenshotOptions(format: .jpeg, quality: 70, scale: 0.5)))
            #expect(response.results.map(\.type) == ["click", "type", "press", "scroll", "wait", "move"])
            #expect(response.results.map(\.index) == Array(0..<6))
            #expect(response.results[5].position?.x == 90)
            #expect(response.settled == true)
            let screenshot = try #require(response.screenshot)
            #expect(screenshot.contentType == "image/jpeg")
            #expect(screenshot.imageWidth == 320 && screenshot.screenWidth == 640 && screenshot.scaleX == 0.5)
            let image = try DecodedImage(try #require(Data(base64Encoded: screenshot.data)))
            #expect(image.width == 320 && image.height == 240)

            let events = try await probe.waitFor("all the input") { events in
                events.contains { $0.string("event") == "motion" && $0.int("rootX") == 90 && $0.int("rootY") == 80 }
            }
            let sequence = events.compactMap { event -> String? in
                switch event.string("event") {
                case "button_press": "click\(event.int("button") ?? 0)@\(event.int("rootX") ?? 0),\(event.int("rootY") ?? 0)"
                case "key_press": (event.string("text")?.isEmpty ?? true) ? nil : event.string("text")
                default: nil
                }
            }
            #expect(sequence == ["click1@30,40", "h", "é", "\r", "click5@60,70"])
        }
    }

    @Test func nothingRunsWhenAnyActionIsInvalid() async throws {
        try await withDesktop { desktop in
            let probe = try await X11Probe.start("record", ["--geometry", "600x400+0+0", "--override-redirect"], display: desktop.display)
            defer { probe.stop() }
            let response = try await desktop.post(
                "/v1/desktop/actions", ["actions": [["type": "click", "x": 30, "y": 40], ["type": "move", "x": 5000, "y": 1]]])
            #expect(response.status == 400)
            #expect(try response.json()["field"] as? String == "actions[1].x")
            // A marker action proves the recorder is live and that the click never happened before it.
            try await desktop.client.click(MouseClickRequest(x: 7, y: 8, button: .middle))
            let events = try await probe.waitFor("the marker click") { $0.contains { $0.string("event") == "button_press" } }
            #expect(events.filter { $0.string("event") == "button_press" }.map { $0.int("button") } == [2])
        }
    }
}
