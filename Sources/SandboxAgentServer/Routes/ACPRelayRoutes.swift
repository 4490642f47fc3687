import ACP
import AgentSessions
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxAgentAPI
import SessionStore

/// `/v1/acp/*`: upstream's ACP-over-HTTP relay. The client speaks ACP; we carry it.
struct ACPRelayRoutes {
    let sessions: SessionManager
    /// Answers upstream's `_sandboxagent/agent/*` extension methods.
    let agents: AgentRoutes
    let jsonLimit: Int
    /// Deadline of relayed requests other than `session/prompt` (`SANDBOX_AGENT_ACP_REQUEST_TIMEOUT_MS`).
    let requestTimeout: Duration

    struct ServerInfo: Encodable {
        var serverId: String
        var agent: String
        var createdAtMs: Int64
    }

    func register(on routes: RouteTable) {
        routes.on(.get, "/v1/acp") { _, _ in
            let servers = sessions.relays().map { ServerInfo(serverId: $0.serverId, agent: $0.agent, createdAtMs: $0.createdAtMs) }
            return try JSONBody.response(["servers": servers])
        }
        routes.on(.post, "/v1/acp/:server_id") { request, context in
            try Self.requireJSON(request)
            var request = request
            let body = try await JSONBody.collect(&request, limit: jsonLimit)
            let text = String(decoding: body.readableBytesView, as: UTF8.self)
            let relay = try await sessions.relay(
                try context.serverID(), agent: request.query.string("agent"), requestTimeout: requestTimeout)
            if let message = try? JSONRPCMessage.parse(text), let answer = await RelayExtensionMethods(agents: agents).answer(message) {
                let line = relay.answerLocally(message, body: text, with: answer)
                return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: line)))
            }
            guard let response = try await relay.post(text) else {
                return Response(status: .accepted)
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: response)))
        }
        routes.on(.get, "/v1/acp/:server_id") { request, context in
            if let accept = request.headers[.accept], !Self.accepts(accept, "text/event-stream") {
                throw APIError(.notAcceptable, code: "not_acceptable", detail: "this stream is text/event-stream; Accept was '\(accept)'")
            }
            let serverID = try context.serverID()
            guard let relay = sessions.existingRelay(serverID) else { throw APIError.notFound("no ACP server \(serverID)") }
            let lastEventID = try request.headers[HTTPField.Name("Last-Event-ID")!].map { raw -> Int64 in
                guard let value = Int64(raw) else { throw APIError.invalidRequest("header Last-Event-ID must be a number, got '\(raw)'") }
                return value
            }
            let messages = relay.stream(after: lastEventID).map { batch in
                batch.map { ServerSentEvents.Message(event: "message", id: "\($0.eventIndex)", data: $0.payloadJSON).encoded }.joined()
            }
            return ServerSentEvents.response(messages)
        }
        routes.on(.delete, "/v1/acp/:server_id") { _, context in
            if let relay = sessions.existingRelay(try context.serverID()) { await relay.close() }
            return Response(status: .noContent)
        }
    }

    private static func requireJSON(_ request: Request) throws {
        guard JSONBody.isJSON(mediaType: request.headers[.contentType]) else {
            throw APIError.unsupportedMediaType(
                "POST /v1/acp takes Content-Type application/json, got \(request.headers[.contentType] ?? "none")")
        }
        if let accept = request.headers[.accept], !accepts(accept, "application/json") {
            throw APIError(.notAcceptable, code: "not_acceptable", detail: "responses are application/json; Accept was '\(accept)'")
        }
    }

    /// Whether an Accept header allows `type` (exactly, by `major/*`, or `*/*`).
    private static func accepts(_ accept: String, _ type: String) -> Bool {
        let major = type.split(separator: "/").first.map(String.init) ?? type
        return accept.split(separator: ",").contains { range in
            let value = range.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            return value == type || value == "*/*" || value == "\(major)/*"
        }
    }
}

extension RequestContext {
    /// The `:server_id` path parameter of relay routes.
    func serverID() throws -> String {
        guard let id = parameters.get("server_id") else { throw APIError.invalidRequest("missing ACP server id") }
        return id
    }
}
