import Foundation
import NIOHTTP1
import Testing

/// The real Claude Code CLI in a session with a desktop: the scripted model takes a screenshot
/// and clicks through the desktop MCP server; the click lands where the test X client expects
/// (mapped back from the 1280x800 screenshot), and the transcript shows it all in order.
@Suite(
    "Claude Code computer use, real CLI and display",
    .enabled(if: RealAgents.claude != nil && DesktopTesting.available, Comment(rawValue: RealAgents.claudeSkipMessage + "; " + DesktopTesting.skipMessage)))
struct ClaudeComputerUseTests {
    @Test func theModelSeesTheScreenAndItsClickLands() async throws {
        try await withClaudeServer { server, _, work in
            let api = SessionAPI(server: server)
            let desktop: [String: Any] = ["width": 1440, "height": 900, "displayNum": DesktopTesting.displayNumber()]
            let id = try await api.create(agent: "claude", extra: ["cwd": work.path, "desktop": desktop])
            let display = try #require(try await HTTP.send(.GET, server.address("/v1/desktop/status")).json()["display"] as? String)
            let probe = try await X11Probe.start("record", ["--geometry", "1440x900+0+0", "--override-redirect"], display: display)
            defer { probe.stop() }
            #expect(try await api.prompt(id, "please use the desktop: click 400 240", wait: false).status == 202)
            // A human approves each desktop tool the agent wants to use, until the turn ends.
            var stopReason: String?
            _ = try await eventually {
                let pending = try await HTTP.send(.GET, server.address("/v1/sessions/\(id)/permissions")).json()["permissions"] as? [[String: Any]] ?? []
                for permission in pending {
                    if let permissionId = permission["permissionId"] as? String {
                        _ = try await HTTP.json(.POST, server.address("/v1/sessions/\(id)/permissions/\(permissionId)"), ["reply": "once"])
                    }
                }
                stopReason = try await self.stopReason(api, id)
                return stopReason != nil
            }
            #expect(stopReason == "end_turn")

            let events = try await api.events(id)
            let text = events.text(of: "agent_message_chunk")
            #expect(text.contains("Clicked 400 240: Screenshot 1280x800"), "\(text)")
            _ = try await probe.waitFor("the click") { $0.contains { $0.string("event") == "button_press" && $0.int("rootX") == 450 && $0.int("rootY") == 270 } }
            let toolTitles = events.updates.filter { $0["sessionUpdate"] as? String == "tool_call" }.compactMap { $0["title"] as? String }
            #expect(toolTitles.count == 2, "\(toolTitles)")
            let actions = events.server("_sandboxagent/desktop/action")
            #expect(actions.map { $0["action"] as? String } == ["screenshot", "click"])
            #expect((actions.last?["parameters"] as? [String: Any])?["x"] as? Int == 400)
            // In order: screenshot action, click tool call, click action, final message.
            let methods = events.compactMap { event -> String? in
                let payload = event["payload"] as? [String: Any] ?? [:]
                if payload["method"] as? String == "_sandboxagent/desktop/action" { return "action:" + ((payload["params"] as? [String: Any])?["action"] as? String ?? "") }
                let update = (payload["params"] as? [String: Any])?["update"] as? [String: Any] ?? [:]
                if update["sessionUpdate"] as? String == "tool_call" { return "tool_call" }
                if update["sessionUpdate"] as? String == "agent_message_chunk" { return "message" }
                return nil
            }
            #expect(methods.filter { $0 != "message" } == ["tool_call", "action:screenshot", "tool_call", "action:click"], "\(methods)")
            #expect((methods.lastIndex(of: "action:click") ?? .max) < (methods.lastIndex(of: "message") ?? -1), "the final message comes after the click")
        }
    }

    private func stopReason(_ api: SessionAPI, _ id: String) async throws -> String? {
        let events = try await api.events(id)
        guard let prompt = events.compactMap({ ($0["payload"] as? [String: Any]).flatMap { $0["method"] as? String == "session/prompt" ? $0["id"] as? Int : nil } }).last else { return nil }
        return events.lazy.compactMap { $0["payload"] as? [String: Any] }
            .first { $0["id"] as? Int == prompt && $0["method"] == nil }
            .flatMap { ($0["result"] as? [String: Any])?["stopReason"] as? String }
    }
}
