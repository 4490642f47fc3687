import Hummingbird
import Logging
import SandboxAgentAPI

/// Turns every error below it — ours, the file system's, the process runtime's, the framework's
/// (no route, body too large) — into a ProblemDetails response. Nothing reaches the client as a
/// bare 500 without a body.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError(mapping: error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return ProblemDetails.response(for: apiError, instance: request.uri.path)
        }
    }
}
