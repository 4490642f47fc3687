import ACP
import AgentSessions
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Records `/v1/desktop/*` requests made with `X-Sandbox-Agent-Session` in that session's
/// transcript (`_sandboxagent/desktop/action`, source `http`): the method and path, the JSON body
/// or the query as parameters, the status, the duration, and a screenshot's size and format, its
/// image kept for the session. The MCP endpoint records its tool calls itself.
struct DesktopActionMiddleware<Context: RequestContext>: RouterMiddleware {
    let sessions: SessionManager
    let screenshots: SessionScreenshots
    /// Bodies up to this size are buffered to be recorded (larger ones pass through unrecorded).
    let jsonLimit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v1/desktop/"), path != "/v1/desktop/mcp",
              let recorder = try await DesktopActionRecorder(
                  sessionHeader: request.headers[.sandboxAgentSession], sessions: sessions, screenshots: screenshots)
        else { return try await next(request, context) }
        var request = request
        let body = try await JSONBody.collect(&request, limit: jsonLimit)
        let started = ContinuousClock.now
        var response = try await next(request, context)
        let duration = ContinuousClock.now - started
        var parameters: JSONValue = .object(request.uri.queryParameters.reduce(into: [:]) { $0[String($1.key)] = .string(String($1.value)) })
        if body.readableBytes > 0, let json = try? JSONValue(jsonText: String(decoding: body.readableBytesView, as: UTF8.self)) { parameters = json }
        let action = "\(request.method) \(path)", result: JSONValue = ["status": .int(Int64(response.status.code))]
        guard let type = response.headers[.contentType], type.hasPrefix("image/"),
              let width = response.headers[HTTPField.Name("X-Image-Width")!].flatMap(Int64.init),
              let height = response.headers[HTTPField.Name("X-Image-Height")!].flatMap(Int64.init)
        else {
            recorder.record(source: "http", action: action, parameters: parameters, result: result, screenshot: nil, image: nil, duration: duration)
            return response
        }
        // Screenshots are one buffer of the declared length: recorded with their image as it is sent.
        let screenshot: JSONValue = ["contentType": .string(type), "width": .int(width), "height": .int(height)]
        let length = response.body.contentLength
        response.body = response.body.map { [parameters] buffer in
            recorder.record(
                source: "http", action: action, parameters: parameters, result: result, screenshot: screenshot,
                image: buffer.readableBytes == length ? buffer : nil, duration: duration)
            return buffer
        }
        return response
    }
}
