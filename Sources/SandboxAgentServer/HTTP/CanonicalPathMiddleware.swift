import Hummingbird

/// Refuses requests whose path is not canonical (see `RequestPath.problem(in:)`) with a 400
/// before any other check or route runs, WebSocket handshakes included.
struct CanonicalPathMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let problem = RequestPath.problem(in: request.uri.path) else { return try await next(request, context) }
        let error = APIError(.badRequest, code: "path_not_canonical", title: "Path not canonical", detail: problem)
        return try await context.refuse(request, with: error, next: next)
    }
}

extension APIRequestContext {
    /// Refuses `request` with `error`: thrown for plain requests; for a WebSocket handshake the
    /// route upgrades and reports the error in-band (see `APIRequestContext`), so the handler
    /// never runs.
    func refuse(
        _ request: Request, with error: APIError, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.isWebSocketUpgrade else { throw error }
        var context = self
        context.upgradeRejection = error
        return try await next(request, context)
    }
}
