public import ACP
import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// A screenshot as the server returned it: the image and the geometry headers.
public struct DesktopScreenshot: Sendable {
    public var data: Data
    public var contentType: String
    /// `X-Screen-Width`, `X-Image-Width`, `X-Scale-X`, … by lowercased name.
    public var geometry: [String: String]
}

extension SandboxAgentClient {
    /// `GET /v1/desktop/status`.
    public func desktopStatus() async throws -> JSONValue {
        try await decode(send(.GET, "/v1/desktop/status"))
    }

    /// `POST /v1/desktop/start`; nil fields take the server's defaults (1440x900 at 96 dpi).
    public func startDesktop(width: Int? = nil, height: Int? = nil, dpi: Int? = nil) async throws -> JSONValue {
        var body: [String: JSONValue] = [:]
        if let width { body["width"] = .int(Int64(width)) }
        if let height { body["height"] = .int(Int64(height)) }
        if let dpi { body["dpi"] = .int(Int64(dpi)) }
        return try await decode(send(.POST, "/v1/desktop/start", body: .json(JSONValue.object(body))))
    }

    /// `POST /v1/desktop/stop`.
    public func stopDesktop() async throws -> JSONValue {
        try await decode(send(.POST, "/v1/desktop/stop"))
    }

    /// `GET /v1/desktop/screenshot` with the given query options (`format`, `quality`, `scale`, `width`, …).
    public func desktopScreenshot(_ options: KeyValuePairs<String, String?>) async throws -> DesktopScreenshot {
        let response = try await send(.GET, "/v1/desktop/screenshot", query: options)
        let body = try await collect(response)
        var geometry: [String: String] = [:]
        for header in response.headers where header.name.lowercased().hasPrefix("x-") { geometry[header.name.lowercased()] = header.value }
        return DesktopScreenshot(
            data: Data(body.readableBytesView), contentType: response.headers.first(name: "content-type") ?? "", geometry: geometry)
    }

    /// `GET /v1/sessions/{id}/screenshots/{screenshotId}`: the image a recorded desktop action
    /// returned (its event's `screenshot.id`), with its content type.
    public func sessionScreenshot(sessionId: String, screenshotId: String) async throws -> (data: Data, contentType: String) {
        let response = try await send(.GET, Self.sessionPath(sessionId, "screenshots", Self.escape(screenshotId)))
        let body = try await collect(response)
        return (Data(body.readableBytesView), response.headers.first(name: "content-type") ?? "")
    }

    /// `POST /v1/desktop/<action>` with a JSON body (mouse/click, keyboard/type, keyboard/press, actions, …).
    public func desktopAction(_ action: String, _ body: JSONValue) async throws -> JSONValue {
        try await decode(send(.POST, "/v1/desktop/" + action, body: .json(body)))
    }
}

extension SandboxAgentClient {
    /// `POST /v1/desktop/mcp`: one JSON-RPC message of the desktop MCP server, as text; returns
    /// the answer's text (nil for a notification). With `session`, the server records the tool
    /// calls in that session's transcript.
    public func desktopMCP(_ message: String, session: String? = nil) async throws -> String? {
        var headers = HTTPHeaders([("Accept", "application/json, text/event-stream")])
        if let session { headers.add(name: "X-Sandbox-Agent-Session", value: session) }
        let response = try await send(
            .POST, "/v1/desktop/mcp", headers: headers,
            body: RequestBody(contentType: "application/json", body: .bytes(ByteBuffer(string: message))))
        guard response.status.code != 202 else { return nil }
        let body = try await collect(response)
        return String(decoding: body.readableBytesView, as: UTF8.self)
    }
}
