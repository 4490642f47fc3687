import Hummingbird

/// Keeps web pages from using a server they happen to reach (one on loopback without a token,
/// typically): runs before authentication and before any route, so a refused request has no
/// side effect.
///
/// - The `Host` header must be allowed by the `HostPolicy` (DNS rebinding), else 421.
/// - A request that carries an `Origin` must come from an origin CORS allows or from the
///   server's own origin (same scheme-less host and port as `Host`), else 403. Browsers send
///   `Origin` on every cross-origin request and on every POST, PUT, PATCH and DELETE, and on
///   WebSocket handshakes, so a page elsewhere can neither call a route that changes something
///   nor open a terminal, even where CORS would only have hidden the reply.
struct BrowserGuardMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let hosts: HostPolicy
    let cors: CORSPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let host = request.head.authority
        guard hosts.allows(host: host) else {
            let host = host ?? ""
            let error = APIError(
                .misdirectedRequest, code: "host_not_allowed", title: "Host not allowed",
                detail: "requests for host '\(host)' are not answered here; start the server with --allowed-host \(HostPolicy.hostName(host)) to allow it")
            return try await context.refuse(request, with: error, next: next)
        }
        if let origin = request.headers[.origin], !cors.allows(origin: origin), !Self.isSameOrigin(origin, host: host ?? "") {
            let error = APIError(
                .forbidden, code: "origin_not_allowed", title: "Origin not allowed",
                detail: "requests from origin \(origin) are refused; allow it with --cors-allow-origin \(origin)")
            return try await context.refuse(request, with: error, next: next)
        }
        return try await next(request, context)
    }

    /// Whether `origin` (`http://127.0.0.1:2468`) names the host and port the request was sent to.
    static func isSameOrigin(_ origin: String, host: String) -> Bool {
        for scheme in ["http://", "https://"] where origin.lowercased().hasPrefix(scheme) {
            return origin.dropFirst(scheme.count).lowercased() == host.lowercased()
        }
        return false
    }
}
