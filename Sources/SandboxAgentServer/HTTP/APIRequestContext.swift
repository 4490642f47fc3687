import Hummingbird
import HummingbirdWebSocket

/// The request context of every route: Hummingbird's, able to upgrade to a WebSocket, plus the
/// reason a WebSocket upgrade must be refused.
///
/// A refused handshake reaches a client as a bare 400 (the framework answers it, and browsers
/// cannot read handshake statuses anyway), so WebSocket routes complete the upgrade and report
/// the refusal in-band: an error frame with the status and code, then a close frame `4000 + status`.
struct APIRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    /// Set by middleware (auth) on a WebSocket upgrade that must not proceed.
    var upgradeRejection: APIError?

    init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
    }
}

extension Request {
    /// A WebSocket handshake (`Upgrade: websocket` on a GET).
    var isWebSocketUpgrade: Bool {
        method == .get && headers[.upgrade]?.lowercased() == "websocket"
    }
}
