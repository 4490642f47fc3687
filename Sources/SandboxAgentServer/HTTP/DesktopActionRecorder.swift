import ACP
import AgentSessions
import DesktopMCP

/// Records a desktop action taken on behalf of a session as a `_sandboxagent/desktop/action`
/// event of its transcript: source (`mcp` or `http`), action, parameters, result, duration and,
/// when one was returned, the screenshot's size and format (not its bytes).
struct DesktopActionRecorder: Sendable {
    let log: EventLog

    /// Nil without the header; a 404 when it names no session.
    init?(sessionHeader: String?, sessions: SessionManager) async throws {
        guard let id = sessionHeader, !id.isEmpty else { return nil }
        log = try await sessions.log(id)
    }

    func record(source: String, action: String, parameters: JSONValue?, result: DesktopToolResult, duration: Duration) {
        let text = result.content.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
        record(
            source: source, action: action, parameters: parameters,
            result: ["isError": .bool(result.isError), "text": .string(String(text.prefix(2000)))], screenshot: result.screenshot, duration: duration)
    }

    func record(source: String, action: String, parameters: JSONValue?, result: JSONValue, screenshot: JSONValue?, duration: Duration) {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        log.appendServerNotification("_sandboxagent/desktop/action", [
            "source": .string(source), "action": .string(action), "parameters": parameters ?? .null, "result": result,
            "screenshot": screenshot ?? .null, "durationMs": .double((milliseconds * 10).rounded() / 10),
        ])
    }
}
