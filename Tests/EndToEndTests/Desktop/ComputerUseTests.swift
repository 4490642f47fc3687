import Foundation
import NIOHTTP1
import Testing

/// `/v1/desktop/computer-use/anthropic|openai` on a real 1440x900 display, which a model sees at
/// 1280x800: every action of both schemas lands where the recording X client expects, mapped
/// back from the model's coordinates (model (8k, 8k) is screen (9k, 9k)).
@Suite("Computer use: Anthropic and OpenAI action schemas", .enabled(if: DesktopTesting.available, Comment(rawValue: DesktopTesting.skipMessage)))
struct ComputerUseTests {
    /// Presses, releases and key presses the probe saw, as compact strings.
    private func inputs(_ events: [JSONObject]) -> [String] {
        events.compactMap { event -> String? in
            let at = "@\(event.int("rootX") ?? -1),\(event.int("rootY") ?? -1)"
            switch event.string("event") {
            case "button_press": return "down\(event.int("button") ?? 0)\(at)"
            case "button_release": return "up\(event.int("button") ?? 0)\(at)"
            case "key_press": return "key:\(event.string("keysymName") ?? "?")"
            default: return nil
            }
        }
    }

    @Test func everyAnthropicActionLandsWhereTheModelPointed() async throws {
        try await withDesktop(width: 1440, height: 900) { desktop in
            let tool = try await desktop.get("/v1/desktop/computer-use/anthropic").json()
            #expect(tool["type"] as? String == "computer_20250124" && tool["display_width_px"] as? Int == 1280 && tool["display_height_px"] as? Int == 800)
            let probe = try await X11Probe.start("record", ["--geometry", "1440x900+0+0", "--override-redirect"], display: desktop.display)
            defer { probe.stop() }
            let steps: [[String: Any]] = [
                ["action": "left_click", "coordinate": [80, 160]],
                ["action": "right_click", "coordinate": [160, 80]],
                ["action": "middle_click", "coordinate": [240, 80]],
                ["action": "double_click", "coordinate": [320, 80]],
                ["action": "triple_click", "coordinate": [400, 80]],
                ["action": "left_click", "coordinate": [480, 80], "text": "shift"],
                ["action": "left_click_drag", "start_coordinate": [8, 8], "coordinate": [80, 80]],
                ["action": "left_mouse_down", "coordinate": [560, 80]],
                ["action": "left_mouse_up", "coordinate": [640, 80]],
                ["action": "scroll", "coordinate": [400, 400], "scroll_direction": "down", "scroll_amount": 2],
                ["action": "key", "text": "ctrl+a Return"],
                ["action": "type", "text": "hi"],
                ["action": "hold_key", "text": "x", "duration": 0.1],
                ["action": "wait", "duration": 0.1],
                ["action": "mouse_move", "coordinate": [720, 480]],
            ]
            for step in steps {
                let result = try await desktop.post("/v1/desktop/computer-use/anthropic", step)
                #expect(result.status == 200, "\(step): \(result.text)")
                let block = try #require((try result.json()["content"] as? [[String: Any]])?.first)
                let source = try #require(block["source"] as? [String: Any])
                #expect(block["type"] as? String == "image" && source["media_type"] as? String == "image/png")
                let image = try DecodedImage(try #require(Data(base64Encoded: source["data"] as? String ?? "")))
                #expect(image.width == 1280 && image.height == 800)
            }
            let cursor = try await desktop.post("/v1/desktop/computer-use/anthropic", ["action": "cursor_position"]).json()
            #expect((cursor["content"] as? [[String: Any]])?.first?["text"] as? String == "X=720,Y=480")
            let zoom = try await desktop.post("/v1/desktop/computer-use/anthropic", ["action": "zoom", "region": [0, 0, 640, 400]]).json()
            let zoomed = try DecodedImage(try #require(Data(base64Encoded: ((zoom["content"] as? [[String: Any]])?.first?["source"] as? [String: Any])?["data"] as? String ?? "")))
            #expect(zoomed.width == 720 && zoomed.height == 450, "the region at full resolution")

            let events = try await probe.waitFor("the last move") { events in
                events.contains { $0.string("event") == "motion" && $0.int("rootX") == 810 && $0.int("rootY") == 540 }
            }
            let seen = inputs(events).filter { !$0.hasPrefix("up") || $0.contains("@630") || $0.contains("@90,90") || $0.contains("@720,90") }
            #expect(seen == [
                "down1@90,180", "down3@180,90", "down2@270,90", "down1@360,90", "down1@360,90", "down1@450,90", "down1@450,90", "down1@450,90",
                "key:Shift_L", "down1@540,90", "down1@9,9", "up1@90,90", "down1@630,90", "up1@720,90", "down5@450,450", "down5@450,450",
                "key:Control_L", "key:a", "key:Return", "key:h", "key:i", "key:x",
            ], "\(inputs(events))")
        }
    }

    @Test func everyOpenAIActionLandsWhereTheModelPointed() async throws {
        try await withDesktop(width: 1440, height: 900) { desktop in
            let tool = try await desktop.get("/v1/desktop/computer-use/openai").json()
            #expect(tool["display_width"] as? Int == 1280 && tool["environment"] as? String == "linux")
            let probe = try await X11Probe.start("record", ["--geometry", "1440x900+0+0", "--override-redirect"], display: desktop.display)
            defer { probe.stop() }
            let call = try await desktop.post(
                "/v1/desktop/computer-use/openai", ["type": "computer_call", "call_id": "call_7", "action": ["type": "click", "x": 80, "y": 160, "button": "right"]])
            #expect(call.status == 200, "\(call.text)")
            let output = try call.json()
            #expect(output["type"] as? String == "computer_call_output" && output["call_id"] as? String == "call_7")
            let url = try #require((output["output"] as? [String: Any])?["image_url"] as? String)
            #expect(url.hasPrefix("data:image/png;base64,"))
            #expect(try DecodedImage(try #require(Data(base64Encoded: String(url.dropFirst(22))))).width == 1280)
            let actions: [[String: Any]] = [
                ["type": "double_click", "x": 160, "y": 80],
                ["type": "drag", "path": [["x": 8, "y": 8], ["x": 40, "y": 40], ["x": 80, "y": 80]]],
                ["type": "keypress", "keys": ["CTRL", "A"]],
                ["type": "scroll", "x": 400, "y": 400, "scroll_x": 0, "scroll_y": -200],
                ["type": "type", "text": "ok"],
                ["type": "wait", "ms": 50],
                ["type": "screenshot"],
                ["type": "move", "x": 720, "y": 480],
            ]
            for action in actions {
                let result = try await desktop.post("/v1/desktop/computer-use/openai", action)
                let body = try result.json()
                #expect(result.status == 200 && body["call_id"] == nil && body["type"] as? String == "computer_call_output", "\(action): \(result.text)")
            }
            let events = try await probe.waitFor("the last move") { events in
                events.contains { $0.string("event") == "motion" && $0.int("rootX") == 810 && $0.int("rootY") == 540 }
            }
            let seen = inputs(events).filter { !$0.hasPrefix("up") || $0.contains("@90,90") }
            #expect(seen == [
                "down3@90,180", "down1@180,90", "down1@180,90", "down1@9,9", "up1@90,90", "key:Control_L", "key:a", "down4@450,450",
                "down4@450,450", "key:o", "key:k",
            ], "\(inputs(events))")
        }
    }

    @Test func invalidActionsAre400sNamingTheField() async throws {
        try await withDesktop(width: 1440, height: 900) { desktop in
            let anthropic: [([String: Any], String)] = [
                (["action": "left_click", "coordinate": [1280, 10]], "coordinate"),
                (["action": "fly"], "action"),
                ([:], "action"),
                (["action": "key"], "text"),
                (["action": "scroll", "coordinate": [1, 1], "scroll_direction": "sideways"], "scroll_direction"),
                (["action": "left_click", "coordinate": [1, 1], "force": true], "force"),
                (["action": "left_click_drag", "coordinate": [1, 1]], "start_coordinate"),
                (["action": "mouse_move", "coordinate": [1]], "coordinate"),
                (["action": "wait", "duration": 60], "duration"),
                (["action": "zoom", "region": [10, 10, 5, 5]], "region"),
                (["action": "key", "text": "nosuchkey"], "actions[0].key"),
            ]
            for (body, field) in anthropic {
                let result = try await desktop.post("/v1/desktop/computer-use/anthropic", body)
                #expect(result.status == 400 && (try? result.json()["field"] as? String) == field, "\(body): \(result.text)")
            }
            let openai: [([String: Any], String)] = [
                (["type": "click", "x": 10], "y"),
                (["type": "click", "x": 10, "y": 10, "button": "thumb"], "button"),
                (["type": "drag", "path": [["x": 1, "y": 1]]], "path"),
                (["type": "keypress", "keys": []], "keys"),
                (["type": "scroll", "x": 1, "y": 1], "scroll_y"),
                (["type": "teleport"], "type"),
            ]
            for (body, field) in openai {
                let result = try await desktop.post("/v1/desktop/computer-use/openai", body)
                #expect(result.status == 400 && (try? result.json()["field"] as? String) == field, "\(body): \(result.text)")
            }
            let size = try await desktop.get("/v1/desktop/computer-use/anthropic?width=1441&height=900")
            #expect(size.status == 400)
        }
    }
}
