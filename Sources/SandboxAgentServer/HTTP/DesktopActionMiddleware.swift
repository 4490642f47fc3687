import ACP
import AgentSessions
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Records `/v1/desktop/*` requests made with `X-Sandbox-Agent-Session` in that session's
/// transcript (`_sandboxagent/desktop/action`, source `http`): the method and path, the JSON body
/// or the query as parameters, the status, the duration, and a screenshot's size and format.
/// The MCP endpoint records its tool calls itself.
struct DesktopActionMiddleware<Context: RequestContext>: RouterMiddleware {
    let sessions: SessionManager
    /// Bodies up to this size are buffered to be recorded (larger ones pass through unrecorded).
    let jsonLimit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v1/desktop/"), path != "/v1/desktop/mcp",
              let recorder = try await DesktopActionRecorder(sessionHeader: request.headers[.sandboxAgentSession], sessions: sessions)
        else { return try await next(request, context) }
        var request = request
        let body = try await JSONBody.collect(&request, limit: jsonLimit)
        let started = ContinuousClock.now
        let response = try await next(request, context)
        var parameters: JSONValue = .object(request.uri.queryParameters.reduce(into: [:]) { $0[String($1.key)] = .string(String($1.value)) })
        if body.readableBytes > 0, let json = try? JSONValue(jsonText: String(decoding: body.readableBytesView, as: UTF8.self)) { parameters = json }
        var screenshot: JSONValue?
        if let type = response.headers[.contentType], type.hasPrefix("image/"),
           let width = response.headers[HTTPField.Name("X-Image-Width")!].flatMap(Int64.init),
           let height = response.headers[HTTPField.Name("X-Image-Height")!].flatMap(Int64.init) {
            screenshot = ["contentType": .string(type), "width": .int(width), "height": .int(height)]
        }
        recorder.record(
            source: "http", action: "\(request.method) \(path)", parameters: parameters, result: ["status": .int(Int64(response.status.code))],
            screenshot: screenshot, duration: ContinuousClock.now - started)
        return response
    }
}
