import Foundation
import NIOHTTP1
import SandboxAgentClient
import Testing

/// Sessions with `desktop`: the desktop starts, the agent gets the desktop MCP server, and what it
/// does on screen is in the transcript, in order with its tool calls and messages.
@Suite("Sessions with a desktop", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct SessionDesktopTests {
    @Test func theMockClicksThroughTheDesktopMCPServerAndTheTranscriptShowsIt() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let desktop: [String: Any] = ["width": 1440, "height": 900, "displayNum": DesktopTesting.displayNumber()]
            let id = try await api.create(extra: ["desktop": desktop])
            let status = try await SandboxAgentClient(endpoint: server.url).desktopStatus()
            #expect(status.state == .active)
            let display = try #require(status.display)
            let probe = try await X11Probe.start("record", ["--geometry", "1440x900+0+0", "--override-redirect"], display: display)
            defer { probe.stop() }

            let clicked = try await api.prompt(id, "/computer click 80 160")
            #expect(try clicked.json()["stopReason"] as? String == "end_turn", "\(clicked.text)")
            _ = try await probe.waitFor("the click") { $0.contains { $0.string("event") == "button_press" && $0.int("rootX") == 90 && $0.int("rootY") == 180 } }
            let shot = try await api.prompt(id, "/computer screenshot")
            #expect(try shot.json()["stopReason"] as? String == "end_turn")

            let events = try await api.events(id)
            // The turn's tool call, the recorded desktop action, the tool's completion, the message: in that order.
            func index(_ predicate: ([String: Any]) -> Bool) -> Int? { events.firstIndex { predicate(($0["payload"] as? [String: Any]) ?? [:]) } }
            let update = { (payload: [String: Any]) in (payload["params"] as? [String: Any])?["update"] as? [String: Any] ?? [:] }
            let toolCall = try #require(index { update($0)["sessionUpdate"] as? String == "tool_call" && update($0)["title"] as? String == "desktop: click" })
            let action = try #require(index { $0["method"] as? String == "_sandboxagent/desktop/action" })
            let completed = try #require(index { update($0)["sessionUpdate"] as? String == "tool_call_update" && update($0)["status"] as? String == "completed" })
            let message = try #require(index { (update($0)["content"] as? [String: Any])?["text"] as? String == "Desktop click: Screenshot 1280x800 (screen 1440x900); coordinates are in this image's pixels." })
            #expect(toolCall < action && action < completed && completed < message)
            let recorded = events.server("_sandboxagent/desktop/action")
            #expect(recorded.map { $0["action"] as? String } == ["click", "screenshot"] && recorded.allSatisfy { $0["source"] as? String == "mcp" })
            let image = events.updates.last { $0["sessionUpdate"] as? String == "tool_call_update" && $0["status"] as? String == "completed" }
            let blocks = (image?["content"] as? [[String: Any]] ?? []).compactMap { $0["content"] as? [String: Any] }
            #expect(blocks.contains { $0["type"] as? String == "image" && $0["mimeType"] as? String == "image/png" })

            let bad = try await HTTP.json(.POST, server.address("/v1/sessions"), ["agent": "mock", "desktop": "yes"])
            #expect(bad.status == 400 && bad.text.contains("desktop"))
        }
    }
}
