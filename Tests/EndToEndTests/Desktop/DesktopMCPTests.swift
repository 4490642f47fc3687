import Foundation
import NIOHTTP1
import Testing

/// The desktop MCP server, checked with a client we did not write (the official MCP Python SDK),
/// over streamable HTTP (`/v1/desktop/mcp`) and stdio (`sandbox-agent mcp desktop`), on a real
/// 1440x900 display the model sees at 1280x800.
@Suite(
    "Desktop MCP server", .serialized,
    .enabled(if: DesktopTesting.available && MCPClient.available, Comment(rawValue: DesktopTesting.skipMessage + "; " + MCPClient.skipMessage)))
struct DesktopMCPTests {
    private func call(_ name: String, _ arguments: [String: Any] = [:]) -> [String: Any] {
        ["name": name, "arguments": arguments]
    }

    @Test func everyToolOverHTTPIsRecordedInTheSession() async throws {
        try await withDesktop(width: 1440, height: 900) { desktop in
            let probe = try await X11Probe.start("record", ["--geometry", "1440x900+0+0", "--override-redirect"], display: desktop.display)
            defer { probe.stop() }
            let session = try await SessionAPI(server: desktop.server).create()
            let calls = [
                call("screenshot"), call("click", ["x": 80, "y": 160]), call("click", ["x": 160, "y": 80, "button": "right"]),
                call("double_click", ["x": 240, "y": 80]), call("move", ["x": 320, "y": 80]),
                call("drag", ["startX": 8, "startY": 8, "endX": 80, "endY": 80]), call("scroll", ["x": 400, "y": 400, "direction": "up", "amount": 2]),
                call("type", ["text": "ok"]), call("key", ["key": "ctrl+a"]), call("hold_key", ["key": "x", "durationMs": 50]),
                call("cursor_position"), call("windows"), call("clipboard_set", ["text": "from mcp"]), call("clipboard_get"),
                call("wait", ["quietMs": 50, "timeoutMs": 2000]), call("computer", ["action": "left_click", "coordinate": [640, 400]]),
                call("launch", ["app": "sleep", "args": ["30"]]), call("click", ["x": 5000, "y": 1]),
            ]
            let steps = try await MCPClient.run(
                ["http", desktop.url("/v1/desktop/mcp"), "--header", "X-Sandbox-Agent-Session=\(session)"], calls: calls)
            #expect(steps.first?["serverInfo"] as? String == "sandbox-agent-desktop")
            let names = try #require(steps.first { $0["step"] as? String == "tools" }?["names"] as? [String])
            #expect(Set(names) == ["screenshot", "click", "double_click", "move", "drag", "scroll", "type", "key", "hold_key", "cursor_position",
                                   "windows", "focus_window", "launch", "open", "clipboard_get", "clipboard_set", "wait", "computer"])
            let results = steps.filter { $0["step"] as? String == "call" }
            #expect(results.count == calls.count)
            let screenshot = try #require(results.first?["image"] as? [String: Any])
            #expect(screenshot["width"] as? Int == 1280 && screenshot["height"] as? Int == 800 && screenshot["mimeType"] as? String == "image/png")
            #expect(results.dropLast().allSatisfy { $0["isError"] as? Bool == false }, "\(results.filter { $0["isError"] as? Bool == true })")
            #expect(results[10]["text"] as? String == "X=400,Y=400", "where the scroll left the pointer")
            #expect(results[13]["text"] as? String == "from mcp")
            #expect((results[16]["text"] as? String)?.contains("\"pid\"") == true)
            #expect(results.last?["isError"] as? Bool == true && (results.last?["text"] as? String)?.contains("outside the 1280x800 screen") == true)

            let events = try await probe.waitFor("the computer tool's click") { events in
                events.contains { $0.string("event") == "button_press" && $0.int("rootX") == 720 && $0.int("rootY") == 450 }
            }
            let presses = events.filter { $0.string("event") == "button_press" }.map { "\($0.int("button") ?? 0)@\($0.int("rootX") ?? 0),\($0.int("rootY") ?? 0)" }
            #expect(presses == ["1@90,180", "3@180,90", "1@270,90", "1@270,90", "1@9,9", "4@450,450", "4@450,450", "1@720,450"], "\(presses)")

            let recorded = try await SessionAPI(server: desktop.server).events(session).server("_sandboxagent/desktop/action")
            #expect(recorded.map { $0["action"] as? String } == calls.map { $0["name"] as? String })
            #expect(recorded.allSatisfy { $0["source"] as? String == "mcp" && $0["durationMs"] != nil })
            #expect((recorded[0]["screenshot"] as? [String: Any])?["width"] as? Int == 1280)
            #expect((recorded[1]["parameters"] as? [String: Any])?["x"] as? Int == 80)
            #expect((recorded.last?["result"] as? [String: Any])?["isError"] as? Bool == true)
        }
    }

    @Test func stdioRelaysToTheServerAndTheHTTPAPIIsRecordedToo() async throws {
        try await withDesktop(width: 1440, height: 900) { desktop in
            let probe = try await X11Probe.start("record", ["--geometry", "1440x900+0+0", "--override-redirect"], display: desktop.display)
            defer { probe.stop() }
            let session = try await SessionAPI(server: desktop.server).create()
            let steps = try await MCPClient.run(
                ["stdio", TestServer.binary.path, "--", "mcp", "desktop", "--endpoint", desktop.server.url.absoluteString, "--session", session],
                calls: [call("screenshot"), call("click", ["x": 400, "y": 240])])
            #expect(steps.first?["protocolVersion"] as? String != nil)
            let results = steps.filter { $0["step"] as? String == "call" }
            #expect(results.map { $0["isError"] as? Bool } == [false, false])
            _ = try await probe.waitFor("the click") { $0.contains { $0.string("event") == "button_press" && $0.int("rootX") == 450 && $0.int("rootY") == 270 } }

            let click = try await HTTP.json(
                .POST, desktop.url("/v1/desktop/mouse/click"), ["x": 10, "y": 20], headers: [("X-Sandbox-Agent-Session", session)])
            #expect(click.status == 200)
            let shot = try await HTTP.send(.GET, desktop.url("/v1/desktop/screenshot?scale=0.5"), headers: [("X-Sandbox-Agent-Session", session)])
            #expect(shot.status == 200)
            let recorded = try await SessionAPI(server: desktop.server).events(session).server("_sandboxagent/desktop/action")
            #expect(recorded.map { $0["action"] as? String } == ["screenshot", "click", "POST /v1/desktop/mouse/click", "GET /v1/desktop/screenshot"])
            #expect(recorded.map { $0["source"] as? String } == ["mcp", "mcp", "http", "http"])
            #expect((recorded[2]["parameters"] as? [String: Any])?["y"] as? Int == 20 && (recorded[2]["result"] as? [String: Any])?["status"] as? Int == 200)
            #expect((recorded[3]["screenshot"] as? [String: Any])?["width"] as? Int == 720)
            let unknown = try await HTTP.json(.POST, desktop.url("/v1/desktop/mouse/click"), ["x": 1, "y": 1], headers: [("X-Sandbox-Agent-Session", "nope")])
            #expect(unknown.status == 404)

            // The images themselves are kept for the session, under the path each event names.
            var images: [Data] = []
            for event in [recorded[0], recorded[3]] {
                let described = try #require(event["screenshot"] as? [String: Any])
                let path = try #require(described["path"] as? String, "\(described)")
                #expect(path == "/v1/sessions/\(session)/screenshots/\(described["id"] as? String ?? "")")
                let image = try await HTTP.send(.GET, desktop.url(path))
                #expect(image.status == 200 && image.headers.first(name: "content-type") == described["contentType"] as? String)
                #expect(image.body.count == described["bytes"] as? Int)
                let decoded = try DecodedImage(image.body)
                #expect(decoded.width == described["width"] as? Int && decoded.height == described["height"] as? Int)
                images.append(image.body)
            }
            #expect(images.last == shot.body, "the HTTP screenshot kept is the one the client got")
            let file = desktop.server.dataDirectory.appendingPathComponent("kept.png").path
            let screenshotID = try #require((recorded[0]["screenshot"] as? [String: Any])?["id"] as? String)
            let saved = try await sandboxAgent(
                ["api", "sessions", "screenshot", session, screenshotID, "--out", file, "--endpoint", desktop.server.address("")])
            #expect(saved.code == 0 && saved.stdout.contains("image/png"), "\(saved.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == images.first, "the CLI saves the kept image")
            let missing = try await HTTP.send(.GET, desktop.url("/v1/sessions/\(session)/screenshots/shot_999999"))
            #expect(missing.status == 404 && missing.problemCode == "screenshot_not_found")
            let noSession = try await HTTP.send(.GET, desktop.url("/v1/sessions/nope/screenshots/shot_1"))
            #expect(noSession.status == 404 && noSession.problemCode == "session_not_found")
        }
    }

    @Test func windowsFocusAndOpenOverMCP() async throws {
        try await withDesktop(width: 800, height: 600) { desktop in
            let window = try await X11Probe.start("window", ["--title", "MCP window ✓", "--geometry", "300x200+20+30"], display: desktop.display)
            defer { window.stop() }
            let id = try #require(try window.ready.int("window"))
            _ = try await eventually { (try await desktop.get("/v1/desktop/windows").json()["windows"] as? [[String: Any]] ?? []).isEmpty == false }
            let steps = try await MCPClient.run(
                ["http", desktop.url("/v1/desktop/mcp")],
                calls: [call("windows"), call("focus_window", ["id": "\(id)"]), call("focus_window", ["id": "not-a-window"]), call("open", ["target": "/nonexistent/file.txt"])])
            let results = steps.filter { $0["step"] as? String == "call" }
            #expect((results[0]["text"] as? String)?.contains("MCP window ✓") == true, "\(results[0])")
            #expect(results[1]["isError"] as? Bool == false && (results[1]["text"] as? String)?.contains("\"isActive\":true") == true, "\(results[1])")
            try await window.waitFor("focus") { $0.contains { $0.string("event") == "focus_in" } }
            #expect(results[2]["isError"] as? Bool == true && (results[2]["text"] as? String)?.contains("X window id") == true)
            // xdg-open runs (and fails on the missing file) or is not installed: either way a result, not a hang.
            #expect((results[3]["text"] as? String)?.isEmpty == false, "\(results[3])")
        }
    }
}
