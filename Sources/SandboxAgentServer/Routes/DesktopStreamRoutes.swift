import AgentSessions
import DesktopRuntime
import Hummingbird

/// `/v1/desktop/stream/*`: turn the live view on and off, its status, and its WebSocket.
struct DesktopStreamRoutes {
    let manager: DesktopManager
    let stream: DesktopStream
    let sessions: SessionManager
    let screenshots: SessionScreenshots
    let owner: DesktopOwner

    func register(on routes: DesktopRouteTable) {
        routes.on(.post, "/v1/desktop/stream/start") { _, _ in
            _ = try await manager.activeDesktop()  // 409 (as upstream) when the desktop is not running
            return try JSONBody.response(stream.start())
        }
        routes.on(.post, "/v1/desktop/stream/stop") { _, _ in try JSONBody.response(stream.stop()) }
        routes.on(.get, "/v1/desktop/stream/status") { _, _ in try JSONBody.response(stream.status) }
        DesktopStreamWebSocket(manager: manager, stream: stream, sessions: sessions, screenshots: screenshots, owner: owner)
            .register(on: routes.routes)
    }
}
