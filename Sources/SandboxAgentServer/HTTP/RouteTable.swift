import HTTPTypes
import Hummingbird
import HummingbirdWebSocket

/// The request context of every route: Hummingbird's basic one, able to upgrade to a WebSocket.
typealias APIRequestContext = BasicWebSocketRequestContext

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

    /// Adds a route; `path` uses `:name` for parameters.
    func on(
        _ method: HTTPRequest.Method, _ path: String,
        use handler: @escaping @Sendable (Request, Context) async throws -> Response
    ) {
        router.on(RouterPath(path), method: method, use: handler)
        record(method, path)
    }

    /// Adds a WebSocket route (a GET that upgrades).
    func webSocket(
        _ path: String,
        shouldUpgrade: @escaping @Sendable (Request, Context) async throws -> RouterShouldUpgrade,
        onUpgrade: @escaping WebSocketDataHandler<WebSocketRouterContext<Context>>
    ) {
        router.ws(RouterPath(path), shouldUpgrade: shouldUpgrade, onUpgrade: onUpgrade)
        record(.get, path)
    }

    private func record(_ method: HTTPRequest.Method, _ path: String) {
        let openAPIPath = path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .joined(separator: "/")
        entries.append(Entry(method: method.rawValue, path: openAPIPath))
    }
}
