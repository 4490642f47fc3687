import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

/// The live view (`/v1/desktop/stream/*`) on a real Xvfb: damage-driven tiles, several viewers,
/// read-only viewers, and human input that lands on an X client and in the session's transcript.
@Suite("Desktop live view", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct LiveViewTests {
    private func viewer(_ desktop: DesktopSession, _ query: String = "", paused: Bool = false, receiveBuffer: Int32? = nil) throws -> LiveViewer {
        let url = desktop.url("/v1/desktop/stream/ws" + (query.isEmpty ? "" : "?" + query)).replacingOccurrences(of: "http://", with: "ws://")
        return try LiveViewer(url, paused: paused, receiveBuffer: receiveBuffer)
    }

    /// The id of the window with `title` once the window manager lists it (30 s at most).
    private func waitForWindow(titled title: String, on desktop: DesktopSession) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let windows = try await desktop.get("/v1/desktop/windows").json()["windows"] as? [[String: Any]] ?? []
            if let id = windows.first(where: { $0["title"] as? String == title })?["id"] as? String { return id }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("no window titled \(title)")
    }

    private func startStream(_ desktop: DesktopSession) async throws {
        let started = try await desktop.client.setDesktopStream(active: true)
        #expect(started.active, "\(started)")
    }

    @Test func aViewerGetsTheWholeScreenThenNothingWhileStillThenOnlyWhatChanged() async throws {
        try await withDesktop { desktop in
            let refused = try viewer(desktop)
            let closed = try await refused.waitFor("refusal while the stream is off") { viewer in
                viewer.closeCode != nil ? viewer.messages.first : nil
            }
            #expect(closed["status"] as? Int == 409 && refused.closeCode == 4409)

            try await startStream(desktop)
            let live = try viewer(desktop, "fps=30&quality=90")
            let ready = try await live.waitFor("ready") { $0.messages.first { $0["type"] as? String == "ready" } }
            #expect(ready["width"] as? Int == 640 && ready["height"] as? Int == 480 && ready["control"] as? Bool == true)
            let first = try await live.waitFor("first update") { try $0.updates.first }
            // The pointer's shape comes before the first update: straight RGBA, its hotspot inside it.
            let shape = try #require(live.messages.first { $0["type"] as? String == "cursorShape" }, "\(live.messages)")
            let shapeWidth = shape["width"] as? Int ?? 0, shapeHeight = shape["height"] as? Int ?? 0
            #expect(shapeWidth > 0 && shapeHeight > 0 && (shape["hotspotX"] as? Int ?? -1) < shapeWidth && (shape["hotspotY"] as? Int ?? -1) < shapeHeight)
            let rgba = try #require(Data(base64Encoded: shape["rgba"] as? String ?? ""))
            #expect(rgba.count == shapeWidth * shapeHeight * 4 && rgba.enumerated().contains { $0.offset % 4 == 3 && $0.element == 255 }, "an opaque pixel")
            #expect(first.full && first.rects.count == 1 && first.rects[0].width == 640 && first.rects[0].height == 480 && first.rects[0].image != nil)
            let status = try await desktop.client.desktopStreamStatus()
            #expect(status.active && status.viewers == 1, "\(status)")

            // A still screen sends nothing: a second of silence (30 ticks) must come.
            try await live.waitForQuiet(.seconds(1))
            let before = live.updateCount

            let probe = try await X11Probe.start("paint", ["--rect", "130,70,60,40,ff0000"], display: desktop.display)
            defer { probe.stop() }
            let painted = try await live.waitFor("an update with the red rectangle") { viewer -> [LiveViewer.Update]? in
                let updates = try viewer.updates
                var canvas = ViewerCanvas()
                updates.forEach { canvas.apply($0) }
                return updates.count > before && canvas.pixel(160, 90, isNear: 0xFF0000) ? updates : nil
            }
            let changes = painted[before...]
            #expect(changes.allSatisfy { !$0.full }, "a small change is sent as rectangles, not the whole screen")
            let area = changes.flatMap(\.rects).reduce(0) { $0 + $1.width * $1.height }
            #expect(area <= 60 * 40 * 2, "only the pixels of the rectangle: \(area) pixels")
            // A solid rectangle is sent as a fill, not as a JPEG.
            #expect(changes.flatMap(\.rects).contains { $0.fill == 0xFF0000 }, "\(changes.flatMap(\.rects))")
            var canvas = ViewerCanvas()
            painted.forEach { canvas.apply($0) }
            #expect(canvas.pixel(135, 75, isNear: 0xFF0000) && canvas.pixel(185, 105, isNear: 0xFF0000))
            #expect(!canvas.pixel(125, 65, isNear: 0xFF0000) && !canvas.pixel(195, 115, isNear: 0xFF0000))

            // Two colours side by side in the same rows are one rectangle of two colours: a
            // palette, exact to the pixel (tolerance 0), where a JPEG would blur the edge.
            let seen = live.updateCount
            let pair = try await X11Probe.start("paint", ["--rect", "300,300,24,16,ff00ff", "--rect", "324,300,24,16,00ffff"], display: desktop.display)
            defer { pair.stop() }
            let exact = try await live.waitFor("an update with the two colours") { viewer -> [LiveViewer.Update]? in
                let updates = try viewer.updates
                var canvas = ViewerCanvas()
                updates.forEach { canvas.apply($0) }
                return updates.count > seen && canvas.pixel(323, 308, isNear: 0xFF00FF, tolerance: 0)
                    && canvas.pixel(324, 308, isNear: 0x00FFFF, tolerance: 0) ? updates : nil
            }
            #expect(exact[seen...].flatMap(\.rects).contains { $0.kind == "palette" && $0.width == 48 && $0.height == 16 }, "\(exact[seen...].flatMap(\.rects).map { ($0.kind, $0.x, $0.y, $0.width, $0.height) })")

            #expect(try await desktop.client.setDesktopStream(active: false).active == false)
            let end = try await live.waitFor("end after stop") { $0.messages.first { $0["type"] as? String == "end" } }
            #expect((end["reason"] as? String)?.contains("stopped") == true)
        }
    }

    /// The pointer's shape travels again whenever it changes: over a window with a crosshair
    /// pointer, and back over the root window.
    @Test func aChangedPointerShapeIsSentAgain() async throws {
        try await withDesktop { desktop in
            try await startStream(desktop)
            let moveTo = { (x: Int, y: Int) in
                let moved = try await desktop.post("/v1/desktop/mouse/move", ["x": x, "y": y])
                #expect(moved.status == 200, "\(moved.text)")
            }
            try await moveTo(20, 20)
            let live = try viewer(desktop)
            _ = try await live.waitFor("first update") { try $0.updates.first }
            let shapes = { (viewer: LiveViewer) in viewer.messages.filter { $0["type"] as? String == "cursorShape" } }
            let rootShape = try #require(shapes(live).first, "\(live.messages)")

            let probe = try await X11Probe.start("paint", ["--rect", "200,150,120,100,0000ff", "--cursor", "34"], display: desktop.display)
            defer { probe.stop() }
            try await moveTo(260, 200)
            let crosshair = try await live.waitFor("the crosshair's shape") { viewer in shapes(viewer).dropFirst().first }
            #expect(crosshair["rgba"] as? String != rootShape["rgba"] as? String, "a new shape, not the root window's again")

            try await moveTo(20, 20)
            let back = try await live.waitFor("the root window's shape again") { viewer in shapes(viewer).dropFirst(2).first }
            for key in ["rgba", "width", "height", "hotspotX", "hotspotY"] {
                #expect(back[key] as? AnyHashable == rootShape[key] as? AnyHashable, "\(key)")
            }
        }
    }

    /// The viewers' screen captures so far (`captures` in the stream's status).
    private func captures(_ desktop: DesktopSession) async throws -> Int {
        try await desktop.client.desktopStreamStatus().captures
    }

    @Test func aStillScreenIsNotCapturedUntilXReportsDrawing() async throws {
        try await withDesktop { desktop in
            try await startStream(desktop)
            let live = try viewer(desktop, "fps=60")
            _ = try await live.waitFor("first update") { try $0.updates.first }
            try await live.waitForQuiet(.milliseconds(500))
            // A viewer polling at its cap would take the screen 60 times in this second; one that
            // waits for DAMAGE takes it no time at all.
            let still = try await captures(desktop)
            try await Task.sleep(for: .seconds(1))
            let afterStill = try await captures(desktop)
            #expect(afterStill == still, "\(afterStill - still) captures of a still screen")

            // A pointer moved without drawing is found by asking where it is: a cursor message, no capture.
            let moved = try await desktop.post("/v1/desktop/mouse/move", ["x": 123, "y": 45])
            #expect(moved.status == 200, "\(moved.text)")
            _ = try await live.waitFor("the pointer's new position") { viewer in
                viewer.messages.contains { $0["type"] as? String == "cursor" && $0["x"] as? Int == 123 && $0["y"] as? Int == 45 } ? true : nil
            }

            // Drawing wakes the viewer: it takes the screen and sends the change.
            let before = live.updateCount
            let probe = try await X11Probe.start("paint", ["--rect", "300,200,40,30,00ff00"], display: desktop.display)
            defer { probe.stop() }
            _ = try await live.waitFor("the green rectangle") { viewer -> Bool? in
                var canvas = ViewerCanvas()
                try viewer.updates.forEach { canvas.apply($0) }
                return viewer.updateCount > before && canvas.pixel(320, 215, isNear: 0x00FF00) ? true : nil
            }
            #expect(try await captures(desktop) > afterStill)
        }
    }

    @Test func aViewerThatStopsReadingNeitherStallsTheOthersNorQueuesFrames() async throws {
        try await withDesktop(width: 1280, height: 720) { desktop in
            try await startStream(desktop)
            let stalled = try viewer(desktop, "quality=100", paused: true, receiveBuffer: 4096)
            let fast = try viewer(desktop, "quality=100")
            _ = try await fast.waitFor("first update") { try $0.updates.first }
            // A terminal full of text (JPEG tiles of text are large) moved around the screen; every
            // move goes somewhere else than the one before (and than where it starts, +0+0).
            let launched = try await desktop.post("/v1/desktop/launch", [
                "app": "xterm", "args": ["-title", "live-view-mover", "-geometry", "90x30+0+0", "-e", "sh", "-c", "ls -lR /usr/share | head -300; sleep 600"],
            ])
            #expect(launched.status == 200, "\(launched.text)")
            let id = try await waitForWindow(titled: "live-view-mover", on: desktop)
            var step = 0
            while fast.updateCount < 120 && step < 400 {
                let seen = fast.updateCount
                let moved = try await desktop.post("/v1/desktop/windows/\(id)/move", ["x": (step % 8 + 1) * 80, "y": (step % 5 + 1) * 50])
                #expect(moved.status == 200)
                _ = try await fast.waitFor("an update after move \(step)") { $0.updateCount > seen ? true : nil }
                step += 1
            }
            // The API's screenshots still answer while a viewer is stuck.
            #expect(try await desktop.get("/v1/desktop/screenshot?format=jpeg").status == 200)
            let fastCount = fast.updateCount
            stalled.socket.resume()
            try await stalled.waitForQuiet(.milliseconds(500))
            let stalledCount = stalled.updateCount
            #expect(stalledCount >= 1, "the stalled viewer got its first update")
            #expect(stalledCount < fastCount, "the stalled viewer skipped to the newest screen (\(stalledCount) vs \(fastCount) updates)")
            // What it did get still adds up to the screen as it is (latest frame wins, nothing lost).
            let screen = try DecodedImage(try await desktop.get("/v1/desktop/screenshot?format=png").body)
            _ = try await stalled.waitFor("catching up with the screen") { viewer -> Bool? in
                var canvas = ViewerCanvas()
                try viewer.updates.forEach { canvas.apply($0) }
                return [(10, 10), (640, 360), (1200, 700), (300, 200)].allSatisfy { canvas.pixel($0.0, $0.1, isNear: screen.pixel($0.0, $0.1)) } ? true : nil
            }
        }
    }

    @Test func aReadOnlyViewersInputIsRefusedAndAHumanClickLandsAndIsRecorded() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create(extra: ["desktop": ["width": 800, "height": 600, "displayNum": DesktopTesting.displayNumber()]])
            let display = try #require(try await SandboxAgentClient(endpoint: server.url).desktopStatus().display)
            let desktop = DesktopSession(server: server, display: display)
            let probe = try await X11Probe.start("record", ["--geometry", "800x600+0+0", "--override-redirect"], display: display)
            defer { probe.stop() }
            try await startStream(desktop)

            let watcher = try viewer(desktop, "control=false")
            _ = try await watcher.waitFor("ready") { $0.messages.first { $0["type"] as? String == "ready" && $0["control"] as? Bool == false } }
            try watcher.socket.send(text: #"{"type":"click","x":50,"y":60}"#)
            let refusal = try await watcher.waitFor("refusal") { $0.messages.first { $0["type"] as? String == "error" } }
            #expect(refusal["status"] as? Int == 403 && refusal["code"] as? String == "forbidden")

            let human = try viewer(desktop)
            _ = try await human.waitFor("ready") { $0.messages.first { $0["type"] as? String == "ready" } }
            try human.socket.send(text: #"{"type":"click","x":321,"y":234}"#)
            _ = try await probe.waitFor("the human click") { events in
                events.contains { $0.string("event") == "button_press" && $0.int("rootX") == 321 && $0.int("rootY") == 234 }
            }
            // The pointer's position travels with the stream.
            _ = try await human.waitFor("the cursor at the click") { viewer -> Bool? in
                let cursors = viewer.messages.filter { $0["type"] as? String == "cursor" }.map { ($0["x"] as? Int, $0["y"] as? Int) }
                let inFrames = (try? viewer.updates.map { ($0.header["cursor"] as? [String: Any]).map { ($0["x"] as? Int, $0["y"] as? Int) } }) ?? []
                return (cursors + inFrames.compactMap { $0 }).contains { $0.0 == 321 && $0.1 == 234 } ? true : nil
            }
            let events = try await api.events(id)
            let recorded = events.server("_sandboxagent/desktop/action")
            let click = try #require(recorded.first { $0["source"] as? String == "human" }, "\(recorded)")
            #expect(click["action"] as? String == "click")
            #expect((click["parameters"] as? [String: Any])?["x"] as? Int == 321)
            #expect(!probe.events.contains { $0.string("event") == "button_press" && $0.int("rootX") == 50 }, "the read-only viewer's click never ran")
        }
    }

    @Test func theWebSocketNeedsTheToken() async throws {
        try await withServer(["--token", "live-secret", "--storage", "memory"]) { server in
            let url = server.address("/v1/desktop/stream/ws").replacingOccurrences(of: "http://", with: "ws://")
            let anonymous = try LiveViewer(url)
            let refusal = try await anonymous.waitFor("refusal") { viewer in viewer.closeCode != nil ? viewer.messages.first : nil }
            #expect(refusal["status"] as? Int == 401 && anonymous.closeCode == 4401)
            let withToken = try LiveViewer(url + "?access_token=live-secret")
            let answer = try await withToken.waitFor("an answer") { viewer in viewer.closeCode != nil ? viewer.messages.first : nil }
            #expect(answer["status"] as? Int != 401, "past auth, the stream is refused for another reason: \(answer)")
        }
    }
}
