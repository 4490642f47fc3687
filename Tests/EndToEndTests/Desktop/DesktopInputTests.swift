import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

@Suite("Desktop input", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct DesktopInputTests {
    /// A recording window covering most of the screen, focused.
    private func recorder(_ desktop: DesktopSession) async throws -> X11Probe {
        try await X11Probe.start("record", ["--geometry", "600x400+0+0", "--override-redirect"], display: desktop.display)
    }

    private func buttons(_ events: [JSONObject]) -> [String] {
        events.filter { $0.string("event")?.hasPrefix("button_") == true }.map {
            "\($0.string("event") == "button_press" ? "press" : "release") \($0.int("button") ?? 0) \($0.int("rootX") ?? -1),\($0.int("rootY") ?? -1)"
        }
    }

    @Test func moveClickDoubleClickAndDragArriveWithButtonsAndCoordinates() async throws {
        try await withDesktop { desktop in
            let probe = try await recorder(desktop)
            defer { probe.stop() }
            let client = desktop.client
            let moved = try await client.moveMouse(MouseMoveRequest(x: 123, y: 45))
            #expect(moved.x == 123 && moved.y == 45)
            try await probe.waitFor("motion to 123,45") { $0.contains { $0.string("event") == "motion" && $0.int("rootX") == 123 && $0.int("rootY") == 45 } }

            try await client.click(MouseClickRequest(x: 200, y: 100, button: .right))
            try await client.click(MouseClickRequest(x: 210, y: 110, clickCount: 2))
            let dropped = try await client.drag(MouseDragRequest(startX: 50, startY: 60, endX: 250, endY: 160))
            #expect(dropped.x == 250 && dropped.y == 160)
            let events = try await probe.waitFor("eight button events") { buttons($0).count >= 8 }
            #expect(buttons(events) == [
                "press 3 200,100", "release 3 200,100",
                "press 1 210,110", "release 1 210,110", "press 1 210,110", "release 1 210,110",
                "press 1 50,60", "release 1 250,160",
            ])
            // The drag moves through intermediate points with the button held.
            let dragMotion = events.filter { $0.string("event") == "motion" && ($0.int("state") ?? 0) & 0x100 != 0 }
            #expect(dragMotion.count >= 3)
            let position = try await client.mousePosition()
            #expect(position.x == 250 && position.y == 160)
        }
    }

    /// Double and triple clicks are multi-clicks a real toolkit recognises: xterm selects the word,
    /// then the line, under the pointer (read back from the PRIMARY selection it then owns).
    @Test func doubleAndTripleClicksSelectAWordThenALineInXterm() async throws {
        try await withDesktop(width: 640, height: 480) { desktop in
            let client = desktop.client
            let launched = try await client.launchOnDesktop(
                DesktopLaunchRequest(
                    app: "xterm", args: ["-geometry", "40x8", "-e", "sh", "-c", "echo hello sandbox world; exec sleep 600"], wait: true,
                    waitTimeoutMs: 60_000))  // xterm maps its window in well under the default 5 s, unless the machine is loaded
            let windowID = try #require(launched.windowId)
            let window = try #require(try await client.desktopWindows().first { $0.id == windowID })
            // 40x8 character cells inside xterm's internal border of 2 pixels.
            let cellWidth = (window.width - 4) / 40, cellHeight = (window.height - 4) / 8
            let (x, y) = (window.x + 2 + cellWidth * 9 + cellWidth / 2, window.y + 2 + cellHeight / 2)  // column 9 of row 0

            func selectWith(_ clicks: Int, expecting text: String) async throws -> String {
                var selected = ""
                _ = try await eventually {
                    // Attempts further apart than xterm's multi-click time (250 ms), so each starts a new count.
                    try await Task.sleep(for: .milliseconds(300))
                    try await client.click(MouseClickRequest(x: x, y: y, clickCount: clicks))
                    selected = try await client.clipboard(selection: .primary).text
                    return selected == text
                }
                return selected
            }
            let word = try await selectWith(2, expecting: "sandbox")
            #expect(word == "sandbox", "double click selected \(word.debugDescription)")
            // xterm's line selection ends with the line's newline.
            let line = try await selectWith(3, expecting: "hello sandbox world\n")
            #expect(line == "hello sandbox world\n", "triple click selected \(line.debugDescription)")
        }
    }

    @Test func scrollUsesWheelButtonsPerAxisAndDirection() async throws {
        try await withDesktop { desktop in
            let probe = try await recorder(desktop)
            defer { probe.stop() }
            let client = desktop.client
            try await client.scroll(MouseScrollRequest(x: 100, y: 100, deltaY: 2))
            try await client.scroll(MouseScrollRequest(x: 100, y: 100, deltaX: 1, deltaY: -1))
            try await client.scroll(MouseScrollRequest(x: 100, y: 100, deltaX: -1))
            let events = try await probe.waitFor("scroll presses") { $0.filter { $0.string("event") == "button_press" }.count >= 5 }
            let pressed = events.filter { $0.string("event") == "button_press" }.compactMap { $0.int("button") }
            #expect(pressed == [5, 5, 4, 7, 6])
        }
    }

    @Test func chordsPressInOrderAndReleaseInReverse() async throws {
        try await withDesktop { desktop in
            let probe = try await recorder(desktop)
            defer { probe.stop() }
            let client = desktop.client
            #expect(try await client.pressKey(KeyboardPressRequest(key: "ctrl+shift+t")).ok)
            try await client.pressKey(KeyboardPressRequest(key: "Return", modifiers: KeyModifiers(alt: true)))
            try await client.pressKey(KeyboardPressRequest(key: "PAGEDOWN"))
            let events = try await probe.waitFor("twelve key events") { $0.filter { $0.string("event")?.hasPrefix("key_") == true }.count >= 12 }
            let keys = events.filter { $0.string("event")?.hasPrefix("key_") == true }.map {
                "\($0.string("event") == "key_press" ? "+" : "-")\(String($0.int("keysym") ?? 0, radix: 16))"
            }
            // Control_L ffe3, Shift_L ffe1, T 54 (t with Shift held), Alt_L ffe9, Return ff0d, Page_Down ff56.
            #expect(keys == ["+ffe3", "+ffe1", "+54", "-54", "-ffe1", "-ffe3", "+ffe9", "+ff0d", "-ff0d", "-ffe9", "+ff56", "-ff56"])
        }
    }

    @Test(arguments: [
        "plain ascii: The quick brown fox, 42!?",
        "accents: héllo wörld, ça va? ñ ß Ø",
        "cjk: 日本語のテキスト 中文",
        "emoji: 😀🚀 ✓ →",
        "mixed\twith tab",
    ])
    func typingProducesExactlyTheText(_ text: String) async throws {
        try await withDesktop { desktop in
            let probe = try await recorder(desktop)
            defer { probe.stop() }
            #expect(try await desktop.client.typeText(KeyboardTypeRequest(text: text)).ok)
            let expectedPresses = text.unicodeScalars.count
            let events = try await probe.waitFor("\(expectedPresses) characters") { events in
                events.filter { $0.string("event") == "key_press" && $0.string("text")?.isEmpty == false }.count >= expectedPresses
            }
            let typed = events.filter { $0.string("event") == "key_press" }.compactMap(\.keyText).joined()
            #expect(typed == text)
        }
    }
}

private extension JSONObject {
    /// The text a key press produced (empty for modifiers).
    var keyText: String? { string("text") }
}
