import ACP
import AgentSessions
import DesktopMCP
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxAgentAPI

/// `/v1/desktop/mcp`: the desktop MCP server over MCP's streamable HTTP transport. A POST carries
/// one JSON-RPC message; a request is answered with one `application/json` response, a
/// notification or response with 202. There is no server-initiated stream (GET is 405). With
/// `X-Sandbox-Agent-Session`, every tool call is recorded in that session's transcript.
struct DesktopMCPRoutes {
    let server: DesktopMCPServer
    let sessions: SessionManager
    let screenshots: SessionScreenshots
    let jsonLimit: Int

    func register(on routes: RouteTable) {
        routes.on(.post, "/v1/desktop/mcp") { request, _ in
            let recorder = try await DesktopActionRecorder(
                sessionHeader: request.headers[.sandboxAgentSession], sessions: sessions, screenshots: screenshots)
            var request = request
            let body = try await JSONBody.collect(&request, limit: jsonLimit)
            let message: JSONRPCMessage
            do throws(JSONRPCError) {
                message = try JSONRPCMessage.parse(String(decoding: body.readableBytesView, as: UTF8.self))
            } catch {
                return Self.json(.response(id: .null, result: .failure(error)), status: .badRequest)
            }
            let answer = await server.handle(message) { name, arguments, result, duration in
                recorder?.record(source: "mcp", action: name, parameters: arguments, result: result, duration: duration)
            }
            guard let answer else { return Response(status: .accepted) }
            return Self.json(answer, status: .ok)
        }
        routes.on(.get, "/v1/desktop/mcp") { _, _ in
            Response(status: .methodNotAllowed, headers: [.allow: "POST"])
        }
    }

    private static func json(_ message: JSONRPCMessage, status: HTTPResponse.Status) -> Response {
        let data = (try? JSONEncoder().encode(message)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPField.Name {
    /// Names the session a desktop request acts for; its actions are recorded in that session.
    static let sandboxAgentSession = HTTPField.Name("X-Sandbox-Agent-Session")!
}
