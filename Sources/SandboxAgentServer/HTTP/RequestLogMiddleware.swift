import Hummingbird
public import Logging

/// The per-request log line: at which level it is written (nil: not at all) and whether it
/// carries the request headers. `sandbox-agent server` sets it from SANDBOX_AGENT_LOG_HTTP and
/// SANDBOX_AGENT_LOG_HTTP_HEADERS.
public struct RequestLogSettings: Sendable, Equatable {
    public var level: Logger.Level?
    public var includeHeaders: Bool

    public init(level: Logger.Level? = .debug, includeHeaders: Bool = false) {
        self.level = level
        self.includeHeaders = includeHeaders
    }

    /// Headers whose values are replaced by `[redacted]` in the log.
    static let redactedHeaders: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]
}

/// One log line per request: method, path, status, duration (and the headers when asked, with
/// credentials redacted). The query string is left out because it may carry `access_token`.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    var settings = RequestLogSettings()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let level = settings.level else { return try await next(request, context) }
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, start: start, level: level, context: context)
            return response
        } catch {
            log(request, status: (error as? any HTTPResponseError)?.status.code ?? 500, start: start, level: level, context: context)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, start: ContinuousClock.Instant, level: Logger.Level, context: Context) {
        var metadata: Logger.Metadata = [
            "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)",
            "duration": "\(ContinuousClock.now - start)",
        ]
        if settings.includeHeaders {
            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName
                let value = RequestLogSettings.redactedHeaders.contains(name) ? "[redacted]" : field.value
                headers[name] = headers[name].map { $0 + ", " + value } ?? value
            }
            metadata["headers"] = .dictionary(headers.mapValues { .string($0) })
        }
        context.logger.log(level: level, "request", metadata: metadata)
    }
}
