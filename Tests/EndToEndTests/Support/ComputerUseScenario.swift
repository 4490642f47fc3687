import Foundation
import NIOHTTP1
import Testing

/// Computer use with a real agent CLI: a session of `agent` with a 1440x900 desktop whose
/// scripted model (both fake model servers follow "please use the desktop: click X Y") takes a
/// screenshot through the desktop MCP server, then clicks (400, 240) in the 1280x800 screenshot.
/// Checks that the click lands at screen (450, 270) as the test X client sees it, that the model
/// got the tool results, and that the transcript shows tool calls and desktop actions in order. A
/// human approves every permission the agent asks for.
enum ComputerUseScenario {
    static func run(server: TestServer, agent: String, cwd: URL) async throws {
        let api = SessionAPI(server: server)
        let desktop: [String: Any] = ["width": 1440, "height": 900, "displayNum": DesktopTesting.displayNumber()]
        let id = try await api.create(agent: agent, extra: ["cwd": cwd.path, "desktop": desktop])
        let display = try #require(try await HTTP.send(.GET, server.address("/v1/desktop/status")).json()["display"] as? String)
        let probe = try await X11Probe.start("record", ["--geometry", "1440x900+0+0", "--override-redirect"], display: display)
        defer { probe.stop() }
        #expect(try await api.prompt(id, "please use the desktop: click 400 240", wait: false).status == 202)
        var stopReason: String?
        _ = try await eventually {
            let pending = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/permissions")).json()["permissions"] as? [[String: Any]] ?? []
            for permission in pending {
                if let permissionId = permission["permissionId"] as? String {
                    _ = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(permissionId)"), ["reply": "once"])
                }
            }
            stopReason = try await Self.stopReason(api, id)
            return stopReason != nil
        }
        #expect(stopReason == "end_turn")

        let events = try await api.events(id)
        let text = events.text(of: "agent_message_chunk")
        #expect(text.contains("Clicked 400 240: Screenshot 1280x800"), "\(text)")
        _ = try await probe.waitFor("the click") { $0.contains { $0.string("event") == "button_press" && $0.int("rootX") == 450 && $0.int("rootY") == 270 } }
        let actions = events.server("_sandboxagent/desktop/action")
        #expect(actions.map { $0["action"] as? String } == ["screenshot", "click"])
        #expect((actions.last?["parameters"] as? [String: Any])?["x"] as? Int == 400)
        // In order: screenshot tool call and action, click tool call and action, final message.
        let steps = events.compactMap { event -> String? in
            let payload = event["payload"] as? [String: Any] ?? [:]
            if payload["method"] as? String == "_sandboxagent/desktop/action" { return "action:" + ((payload["params"] as? [String: Any])?["action"] as? String ?? "") }
            let update = (payload["params"] as? [String: Any])?["update"] as? [String: Any] ?? [:]
            if update["sessionUpdate"] as? String == "tool_call" { return "tool_call" }
            if update["sessionUpdate"] as? String == "agent_message_chunk" { return "message" }
            return nil
        }
        #expect(steps.filter { $0 != "message" } == ["tool_call", "action:screenshot", "tool_call", "action:click"], "\(steps)")
        #expect((steps.lastIndex(of: "action:click") ?? .max) < (steps.lastIndex(of: "message") ?? -1), "the final message comes after the click")
    }

    /// The stop reason of the session's last prompt, once it has one.
    private static func stopReason(_ api: SessionAPI, _ id: String) async throws -> String? {
        let events = try await api.events(id)
        guard let prompt = events.compactMap({ ($0["payload"] as? [String: Any]).flatMap { $0["method"] as? String == "session/prompt" ? $0["id"] as? Int : nil } }).last else { return nil }
        // The agent's answer (the server's answers to the agent's requests count their ids apart).
        return events.lazy.filter { $0["sender"] as? String == "agent" }.compactMap { $0["payload"] as? [String: Any] }
            .first { $0["id"] as? Int == prompt && $0["method"] == nil }
            .flatMap { ($0["result"] as? [String: Any])?["stopReason"] as? String }
    }
}
