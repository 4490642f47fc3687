import ACP
import AgentSessions
import DesktopRuntime
import HTTPTypes
import Hummingbird
import NIOCore

/// Where the `/v1/desktop/*` routes are registered. A request made with `X-Sandbox-Agent-Session`
/// is recorded in that session's transcript (`_sandboxagent/desktop/action`, source `http`) by its
/// route: the method and path, the JSON body or the query as parameters, the status, the duration,
/// and for a screenshot its size and format, its image kept for the session. (The MCP endpoint
/// records its tool calls itself; the live view's WebSocket records the human's input.)
struct DesktopRouteTable {
    typealias Context = APIRequestContext
    let routes: RouteTable
    let recording: DesktopActionRecording

    /// A route that answers with a response it builds.
    func on(_ method: HTTPRequest.Method, _ path: String, use handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        routes.on(method, path) { [recording] request, context in
            try await recording.recorded(request) { request in (try await handler(request, context), nil) }
        }
    }

    /// A route that answers with a screenshot: the image, with headers that give its geometry.
    func screenshot(_ path: String, use handler: @escaping @Sendable (Request, Context) async throws -> Screenshot) {
        routes.on(.get, path) { [recording] request, context in
            try await recording.recorded(request) { request in
                let shot = try await handler(request, context)
                return (shot.response, shot)
            }
        }
    }
}

/// What a desktop route needs to record its requests for a session.
struct DesktopActionRecording: Sendable {
    let sessions: SessionManager
    let screenshots: SessionScreenshots
    /// Bodies up to this size are buffered to be recorded.
    let jsonLimit: Int

    /// `respond`'s answer, recorded for the session the request names (a 404 when it names none).
    func recorded(_ request: Request, _ respond: (Request) async throws -> (Response, Screenshot?)) async throws -> Response {
        guard let recorder = try await DesktopActionRecorder(
            sessionHeader: request.headers[.sandboxAgentSession], sessions: sessions, screenshots: screenshots)
        else { return try await respond(request).0 }
        var request = request
        let body = try await JSONBody.collect(&request, limit: jsonLimit)
        let started = ContinuousClock.now
        let (response, shot) = try await respond(request)
        let duration = ContinuousClock.now - started
        var parameters: JSONValue = .object(request.uri.queryParameters.reduce(into: [:]) { $0[String($1.key)] = .string(String($1.value)) })
        if body.readableBytes > 0, let json = try? JSONValue(jsonText: String(decoding: body.readableBytesView, as: UTF8.self)) { parameters = json }
        let screenshot: JSONValue? = shot.map { shot in
            ["contentType": .string(shot.contentType), "width": .int(Int64(shot.plan.outputWidth)), "height": .int(Int64(shot.plan.outputHeight))]
        }
        recorder.record(
            source: "http", action: "\(request.method) \(request.uri.path)", parameters: parameters,
            result: ["status": .int(Int64(response.status.code))], screenshot: screenshot, image: shot?.data, duration: duration)
        return response
    }
}

extension Screenshot {
    /// The image with headers that give the screen size, the captured region, the image size and
    /// the scale factors.
    var response: Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-store"]
        let plan = plan
        let geometry: [(String, String)] = [
            ("X-Screen-Width", "\(plan.screenWidth)"), ("X-Screen-Height", "\(plan.screenHeight)"),
            ("X-Region-X", "\(plan.region.x)"), ("X-Region-Y", "\(plan.region.y)"),
            ("X-Region-Width", "\(plan.region.width)"), ("X-Region-Height", "\(plan.region.height)"),
            ("X-Image-Width", "\(plan.outputWidth)"), ("X-Image-Height", "\(plan.outputHeight)"),
            ("X-Scale-X", Self.header(plan.scaleX)), ("X-Scale-Y", Self.header(plan.scaleY)),
        ]
        for (name, value) in geometry {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: data))
    }

    /// A scale factor to six decimals, without a fraction when it is whole.
    private static func header(_ value: Double) -> String {
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded == rounded.rounded() ? "\(Int(rounded))" : "\(rounded)"
    }
}
