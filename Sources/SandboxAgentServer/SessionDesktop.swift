import ACP
import AgentSessions
import DesktopRuntime
import Foundation
import SandboxAgentAPI
import Synchronization

/// The server's own base URL, known once it listens (the MCP servers it hands agents call it).
final class ServerEndpoint: Sendable {
    private let url = Mutex<String?>(nil)

    /// Records the listening URL; a wildcard address is reached through loopback.
    func set(host: String, port: Int) {
        let local = ["0.0.0.0", "::", ""].contains(host) ? "127.0.0.1" : host
        url.withLock { $0 = "http://\(local.contains(":") ? "[\(local)]" : local):\(port)" }
    }

    var value: String? { url.withLock { $0 } }
}

/// The session that was last given the desktop (`desktop` of `POST /v1/sessions`): live-view
/// input is recorded in its transcript unless the viewer names another session.
final class DesktopOwner: Sendable {
    private let id = Mutex<String?>(nil)

    func set(_ sessionId: String) { id.withLock { $0 = sessionId } }

    var sessionId: String? { id.withLock { $0 } }
}

/// Gives a session the desktop: starts it if needed and adds the desktop MCP server to the
/// agent's `mcpServers` as a stdio server (`sandbox-agent mcp desktop --session ID`), so every
/// desktop action of the agent is recorded in the session.
struct SessionDesktop: Sendable {
    let manager: DesktopManager
    let executable: String
    let endpoint: ServerEndpoint
    let token: String?
    let owner: DesktopOwner
    let recordings: DesktopRecordings

    /// The MCP servers to give the agent: `servers` plus `desktop`; the session becomes the
    /// desktop's owner.
    func attach(_ option: SessionDesktopRequest, sessionId: String, to servers: JSONValue?) async throws -> JSONValue {
        _ = try await manager.start(
            DesktopStartRequest(width: option.width, height: option.height, dpi: option.dpi, displayNum: option.displayNum))
        owner.set(sessionId)
        guard let url = endpoint.value else { throw APIError.invalidRequest("the server is not listening yet") }
        var env: [JSONValue] = []
        if let token { env.append(["name": "SANDBOX_AGENT_TOKEN", "value": .string(token)]) }
        let desktop: JSONValue = [
            "name": "desktop", "command": .string(executable),
            "args": ["mcp", "desktop", "--endpoint", .string(url), "--session", .string(sessionId)], "env": .array(env),
        ]
        var list = servers?.arrayValue ?? []
        guard !list.contains(where: { $0["name"]?.stringValue == "desktop" }) else {
            throw APIError.invalidRequest("mcpServers already has a server named desktop; leave desktop out or rename it")
        }
        list.append(desktop)
        return .array(list)
    }

    /// With `record`, starts a recording of the desktop (or takes the one already running) for a
    /// session about to be created; nil without `record`.
    func startRecording(_ option: SessionDesktopRequest) async throws -> DesktopRecordingInfo? {
        guard option.record ?? false else { return nil }
        if let active = await recordings.activeRecording() { return active }
        return try await recordings.start(DesktopRecordingStartRequest())
    }

    /// Names the session's recording in its transcript: `_sandboxagent/desktop/recording`.
    static func note(_ recording: DesktopRecordingInfo, in log: EventLog) {
        let params = DesktopRecordingParams(
            recordingId: recording.id, fileName: recording.fileName, status: recording.status.rawValue, fps: recording.fps,
            startedAt: recording.startedAt, downloadPath: "/v1/desktop/recordings/\(recording.id)/download")
        _ = log.appendServerNotification(SandboxAgentMethod.desktopRecording, params)
    }
}
