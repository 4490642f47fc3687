import HTTPTypes
import Hummingbird
import SandboxAgentAPI

/// Cross-origin access for browsers. Denies every origin unless configured; answers preflights
/// itself (before auth, since browsers send no credentials on them).
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: CORSPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = policy.allows(origin: origin)
        let isPreflight = request.method == .options && request.headers[.accessControlRequestMethod] != nil
        if isPreflight {
            guard allowed else {
                return ProblemDetails.response(
                    for: APIError(.forbidden, code: "cors_origin_not_allowed", title: "Origin not allowed", detail: "origin \(origin) is not allowed (see --cors-allow-origin)"),
                    instance: request.uri.path, headers: [.vary: "Origin"])
            }
            var headers = commonHeaders(origin: origin)
            headers[.accessControlAllowMethods] =
                policy.allowedMethods?.joined(separator: ", ") ?? request.headers[.accessControlRequestMethod] ?? "GET"
            if let requested = request.headers[.accessControlRequestHeaders] {
                headers[.accessControlAllowHeaders] = policy.allowedHeaders?.joined(separator: ", ") ?? requested
            } else if let configured = policy.allowedHeaders {
                headers[.accessControlAllowHeaders] = configured.joined(separator: ", ")
            }
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if allowed {
            for field in commonHeaders(origin: origin) { response.headers[field.name] = field.value }
        }
        return response
    }

    private func commonHeaders(origin: String) -> HTTPFields {
        var headers: HTTPFields = [.accessControlAllowOrigin: origin, .vary: "Origin"]
        if policy.allowCredentials { headers[.accessControlAllowCredentials] = "true" }
        return headers
    }
}

/// Which browser origins may call the API (`--cors-allow-*`).
public struct CORSPolicy: Sendable {
    /// Exact origins (`https://app.example.com`), or `*` for any.
    public var allowedOrigins: [String]
    /// nil: whatever method the preflight asks for.
    public var allowedMethods: [String]?
    /// nil: whatever headers the preflight asks for.
    public var allowedHeaders: [String]?
    public var allowCredentials: Bool

    public init(allowedOrigins: [String] = [], allowedMethods: [String]? = nil, allowedHeaders: [String]? = nil, allowCredentials: Bool = false) {
        self.allowedOrigins = allowedOrigins
        self.allowedMethods = allowedMethods
        self.allowedHeaders = allowedHeaders
        self.allowCredentials = allowCredentials
    }

    func allows(origin: String) -> Bool {
        allowedOrigins.contains("*") || allowedOrigins.contains(origin)
    }
}
