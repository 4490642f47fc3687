import AgentSessions
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import SandboxAgentAPI
import SandboxAgentResources

/// `GET /` (banner), `GET /v1/health` (`ok`, or `degraded` with the reason while transcripts cannot
/// be stored), `GET /openapi.json`.
enum MetaRoutes {
    struct Banner: Encodable {
        var name = "Sandbox Agent"
        var version = SandboxAgentVersion.current
        var docs = "/openapi.json"
    }

    static func register(on routes: RouteTable, storeHealth: StoreHealth) throws {
        let banner = try JSONBody.response(Banner())
        let healthy = try JSONBody.response(HealthResponse(status: "ok", version: SandboxAgentVersion.current))
        let openAPI = ByteBuffer(bytes: try SandboxAgentResources.openAPIDocument())
        routes.on(.get, "/") { _, _ in banner }
        routes.on(.get, "/v1/health") { _, _ in
            guard let reason = storeHealth.degradedReason else { return healthy }
            return try JSONBody.response(HealthResponse(status: "degraded", version: SandboxAgentVersion.current, reason: reason))
        }
        routes.on(.get, "/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: openAPI))
        }
    }
}
