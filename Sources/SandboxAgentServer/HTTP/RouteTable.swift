import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket

/// Registers routes on the router and remembers each (method, path), so the OpenAPI document
/// can be checked against what the server really serves.
final class RouteTable {
    typealias Context = APIRequestContext
    /// A route as the OpenAPI document writes it: `GET /v1/processes/{id}`.
    struct Entry: Hashable, Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method) \(path)" }
    }

    let router: Router<Context>
    private(set) var entries: [Entry] = []

    init(router: Router<Context>) {
        self.router = router
    }

    /// Adds a route; `path` uses `:name` for parameters and a final `**` for the rest of the path
    /// (documented as `{path}`).
    func on(
        _ method: HTTPRequest.Method, _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        record(method, path)
    }

    /// Adds a WebSocket route (a GET that upgrades). A plain GET without the handshake is a 400.
    /// `onUpgrade` runs only when no middleware set `upgradeRejection`; otherwise the client gets
    /// the error in-band (see `APIRequestContext`).
    func webSocket(_ path: String, onUpgrade: @escaping WebSocketDataHandler<WebSocketRouterContext<Context>>) {
        router.ws(RouterPath(path)) { request, _ in
            guard request.isWebSocketUpgrade else {
                throw APIError.invalidRequest("this route is a WebSocket: send a GET with 'Upgrade: websocket'")
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            do {
                if let rejection = context.requestContext.upgradeRejection { throw rejection }
                try await onUpgrade(inbound, outbound, context)
            } catch {
                let apiError = APIError(mapping: error)
                let frame = #"{"type":"error","status":\#(apiError.status.code),"code":"\#(apiError.code)","message":\#(JSONBody.quoted(apiError.detail))}"#
                try? await outbound.write(.text(frame))
                try? await outbound.close(.unknown(UInt16(4000 + apiError.status.code)), reason: apiError.code)
            }
        }
        record(.get, path)
    }

    private func record(_ method: HTTPRequest.Method, _ path: String) {
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 == "**" ? "{path}" : String($0) }
            .joined(separator: "/")
        entries.append(Entry(method: method.rawValue, path: openAPIPath))
    }
}
