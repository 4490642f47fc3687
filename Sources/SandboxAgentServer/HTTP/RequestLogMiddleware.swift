import Hummingbird
import Logging

/// One log line per request at debug level: method, path, status, duration. The query string is
/// left out because it may carry `access_token`.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        context.logger.debug(
            "request",
            metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                "duration": "\(ContinuousClock.now - start)",
            ])
        return response
    }
}
