import Hummingbird

/// Bearer-token check, in constant time, for every request but the few public paths
/// (`RequestPath.isPublic`): deny by default, so a route added later or a path spelled another
/// way is never open. WebSocket upgrades may pass the token as `?access_token=` instead, since
/// browsers cannot set headers on them.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let token: [UInt8]

    init(token: String) {
        self.token = Array(token.utf8)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !RequestPath.isPublic(request.uri.path) else { return try await next(request, context) }
        guard let presented = presentedToken(request), Self.constantTimeEqual(Array(presented.utf8), token) else {
            let error = APIError(
                .unauthorized, code: "token_invalid", title: "Unauthorized",
                detail: "missing or invalid bearer token (send 'Authorization: Bearer <token>' or, for a WebSocket, '?access_token=')")
            return try await context.refuse(request, with: error, next: next)
        }
        return try await next(request, context)
    }

    private func presentedToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let prefix = "bearer "
            guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return nil }
            return String(header.dropFirst(prefix.count))
        }
        if request.isWebSocketUpgrade {
            return request.uri.queryParameters.get("access_token")
        }
        return nil
    }

    /// Compares without an early exit, so the time taken does not reveal the matching prefix.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
