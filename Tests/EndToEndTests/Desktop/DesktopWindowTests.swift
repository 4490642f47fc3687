import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

@Suite("Desktop windows, clipboard, apps", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct DesktopWindowTests {
    @Test func listFocusMoveAndResizeRealWindows() async throws {
        try await withDesktop(width: 800, height: 600) { desktop in
            let first = try await X11Probe.start("window", ["--title", "First ✓", "--geometry", "300x200+20+30"], display: desktop.display)
            defer { first.stop() }
            let second = try await X11Probe.start("window", ["--title", "Second", "--geometry", "250x180+400+300"], display: desktop.display)
            defer { second.stop() }
            let firstID = try #require(try first.ready.int("window"))
            let secondID = try #require(try second.ready.int("window"))

            let client = desktop.client
            var windows: [DesktopWindowInfo] = []
            #expect(try await eventually {
                windows = try await client.desktopWindows()
                return windows.count == 2
            })
            let listed = try #require(windows.first { $0.id == "\(firstID)" })
            #expect(listed.title == "First ✓")
            #expect(listed.width == 300 && listed.height == 200)

            #expect(try await client.focusWindow(id: "\(firstID)").isActive)
            #expect(try await client.focusedWindow().id == "\(firstID)")
            try await first.waitFor("focus") { $0.contains { $0.string("event") == "focus_in" } }

            // X11 coordinates are 16-bit: a larger one is a 400 naming it (it used to trap converting to Int32).
            for (body, field) in [(["x": 10_000_000_000, "y": 0], "x"), (["x": 0, "y": -40_000], "y")] {
                let refused = try await desktop.post("/v1/desktop/windows/\(secondID)/move", body)
                #expect(refused.status == 400 && refused.text.contains(field), "\(body): \(refused.text)")
            }
            let moved = try await client.moveWindow(id: "\(secondID)", WindowMoveRequest(x: 100, y: 120))
            let (movedX, movedY) = (moved.x, moved.y)
            // The window manager places the frame at (100, 120); the content sits inside its border and title bar.
            #expect((100...110).contains(movedX) && (120...150).contains(movedY), "moved to \(movedX),\(movedY)")
            try await second.waitFor("configure at the new place") { $0.contains { $0.string("event") == "configure" && $0.int("x") == movedX && $0.int("y") == movedY } }

            let resized = try await client.resizeWindow(id: "\(secondID)", WindowResizeRequest(width: 320, height: 240))
            #expect(resized.width == 320 && resized.height == 240)
            try await second.waitFor("configure at the new size") { $0.contains { $0.string("event") == "configure" && $0.int("width") == 320 && $0.int("height") == 240 } }
        }
    }

    @Test func clipboardRoundTripsWithAnotherClient() async throws {
        try await withDesktop(width: 320, height: 240) { desktop in
            let text = "copied ✓ 日本 line1\nline2"
            #expect(try await desktop.client.setClipboard(ClipboardSetRequest(text: text, selection: "both")).ok)
            for selection in ["clipboard", "primary"] {
                let reader = try await X11Probe.start("clipboard-read", ["--selection", selection], display: desktop.display)
                let events = try await reader.waitFor("the \(selection) text") { $0.contains { $0.string("event") == "clipboard" } }
                #expect(events.first { $0.string("event") == "clipboard" }?.string("text") == text, "\(selection)")
                reader.stop()
            }

            let owner = try await X11Probe.start("clipboard-own", ["--selection", "clipboard", "--text", "from the probe ✓"], display: desktop.display)
            defer { owner.stop() }
            let read = try await desktop.client.clipboard(selection: .clipboard)
            #expect(read.text == "from the probe ✓" && read.selection == "clipboard")
            // The primary selection is still ours.
            #expect(try await desktop.client.clipboard(selection: .primary).text == text)
        }
    }

    @Test func launchWaitsForTheApplicationsWindow() async throws {
        try await withDesktop(width: 640, height: 480) { desktop in
            let client = desktop.client
            let launched = try await client.launchOnDesktop(
                DesktopLaunchRequest(app: "python3", args: [X11Probe.script.path, "window", "--title", "Launched", "--no-stdin"], wait: true, waitTimeoutMs: 60_000))
            let windowID = try #require(launched.windowId, "launch with wait returns the window: \(launched)")
            let windows = try await client.desktopWindows()
            #expect(windows.contains { $0.id == windowID && $0.title == "Launched" })
            #expect(try await client.process(id: launched.processId).owner == .desktop)

            // A window smaller than the listed minimum (120x80) is still the launched app's window.
            let small = try await client.launchOnDesktop(
                DesktopLaunchRequest(
                    app: "python3", args: [X11Probe.script.path, "window", "--title", "Small", "--geometry", "100x50+10+10", "--no-stdin"], wait: true,
                    waitTimeoutMs: 60_000))
            #expect(small.windowId != nil, "launch with wait returns a small window too: \(small)")

            // A window that never comes: the answer arrives after the timeout, without a window.
            let windowless = try await client.launchOnDesktop(DesktopLaunchRequest(app: "sleep", args: ["30"], wait: true, waitTimeoutMs: 200))
            #expect(windowless.processId.hasPrefix("proc_") && windowless.windowId == nil, "\(windowless)")
            let outOfRange = try await desktop.post("/v1/desktop/launch", ["app": "sleep", "args": ["1"], "wait": true, "waitTimeoutMs": 0])
            #expect(outOfRange.status == 400 && outOfRange.text.contains("waitTimeoutMs"), "\(outOfRange.text)")
        }
    }
}
