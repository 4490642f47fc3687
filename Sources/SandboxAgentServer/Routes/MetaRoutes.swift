import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import SandboxAgentResources

/// `GET /` (banner), `GET /v1/health`, `GET /openapi.json`.
enum MetaRoutes {
    struct Banner: Encodable {
        var name = "Sandbox Agent"
        var version = SandboxAgentVersion.current
        var docs = "/openapi.json"
    }

    /// `GET /v1/health`.
    struct Health: Codable {
        var status = "ok"
        var version = SandboxAgentVersion.current
    }

    static func register(on routes: RouteTable) throws {
        let banner = try JSONBody.response(Banner())
        let health = try JSONBody.response(Health())
        let openAPI = ByteBuffer(bytes: try SandboxAgentResources.openAPIDocument())
        routes.on(.get, "/") { _, _ in banner }
        routes.on(.get, "/v1/health") { _, _ in health }
        routes.on(.get, "/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: openAPI))
        }
    }
}
