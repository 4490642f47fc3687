import ACP
import AgentSessions
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

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
        let record = { @Sendable [parameters] (screenshot: JSONValue?, image: ByteBuffer?) in
            recorder.record(source: "http", action: action, parameters: parameters, result: result, screenshot: screenshot, image: image, duration: duration)
        }
        guard let type = response.headers[.contentType], type.hasPrefix("image/"),
              let width = response.headers[HTTPField.Name("X-Image-Width")!].flatMap(Int64.init),
              let height = response.headers[HTTPField.Name("X-Image-Height")!].flatMap(Int64.init)
        else {
            record(nil, nil)
            return response
        }
        let screenshot: JSONValue = ["contentType": .string(type), "width": .int(width), "height": .int(height)]
        guard let length = response.body.contentLength, length > 0 else {
            record(screenshot, nil)
            return response
        }
        // A screenshot's body is one buffer of the declared length: recorded with its image as it
        // is sent (a body in several buffers would be recorded once, without the image).
        let first = FirstCall()
        response.body = response.body.map { buffer in
            if first.claim() { record(screenshot, buffer.readableBytes == length ? buffer : nil) }
            return buffer
        }
        return response
    }
}

/// True for the first `claim()` only, from any thread.
private final class FirstCall: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}
