import ACP
import AgentSessions
import DesktopMCP
import NIOCore
import SandboxAgentAPI

/// Records a desktop action taken on behalf of a session as a `_sandboxagent/desktop/action`
/// event of its transcript: source (`mcp` or `http`), action, parameters, result, duration and,
/// when one was returned, the screenshot's size and format plus the `id` and `path` under which
/// its image is kept (`SessionScreenshots`).
struct DesktopActionRecorder: Sendable {
    let sessionId: String
    let log: EventLog
    let screenshots: SessionScreenshots

    /// Nil without the header; a 404 when it names no session.
    init?(sessionHeader: String?, sessions: SessionManager, screenshots: SessionScreenshots) async throws {
        guard let id = sessionHeader, !id.isEmpty else { return nil }
        log = try await sessions.log(id)
        sessionId = id
        self.screenshots = screenshots
    }

    func record(source: String, action: String, parameters: JSONValue?, result: DesktopToolResult, duration: Duration) {
        let text = result.content.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
        record(
            source: source, action: action, parameters: parameters,
            result: ["isError": .bool(result.isError), "text": .string(String(text.prefix(2000)))], screenshot: result.screenshot,
            image: result.image, duration: duration)
    }

    /// `screenshot` describes the image (`contentType`, `width`, `height`); with `image`, its bytes
    /// are kept and the description gains `id` and `path`.
    func record(
        source: String, action: String, parameters: JSONValue?, result: JSONValue, screenshot: JSONValue?, image: ByteBuffer?,
        duration: Duration
    ) {
        var screenshot = screenshot ?? .null
        if case .object(var description) = screenshot, let image, let contentType = description["contentType"]?.stringValue {
            let id = screenshots.keep(.init(contentType: contentType, data: image), for: sessionId)
            description["id"] = .string(id)
            description["path"] = .string("/v1/sessions/\(sessionId)/screenshots/\(id)")
            description["bytes"] = .int(Int64(image.readableBytes))
            screenshot = .object(description)
        }
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        let params = DesktopActionParams(
            source: source, action: action, parameters: parameters ?? .null, result: result, screenshot: screenshot,
            durationMs: (milliseconds * 10).rounded() / 10)
        log.appendServerNotification(SandboxAgentMethod.desktopAction, params)
    }
}
