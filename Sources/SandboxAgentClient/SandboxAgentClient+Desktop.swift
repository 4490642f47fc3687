import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
public import SandboxAgentAPI

/// A screenshot as the server returned it: the image and the geometry headers.
public struct DesktopScreenshot: Sendable {
    public var data: Data
    public var contentType: String
    /// `X-Screen-Width`, `X-Image-Width`, `X-Scale-X`, … by lowercased name.
    public var geometry: [String: String]
}

/// The desktop's lifecycle, display, screenshots and windows.
extension SandboxAgentClient {
    /// `GET /v1/desktop/status`.
    public func desktopStatus() async throws -> DesktopStatus {
        try await decode(send(.GET, "/v1/desktop/status"))
    }

    /// `POST /v1/desktop/start`; nil fields take the server's defaults (1440x900 at 96 dpi).
    /// Returns the status once the desktop is active (at once when it already was).
    @discardableResult
    public func startDesktop(_ request: DesktopStartRequest = DesktopStartRequest()) async throws -> DesktopStatus {
        try await decode(send(.POST, "/v1/desktop/start", body: .json(request)))
    }

    /// `POST /v1/desktop/stop`: stops the desktop and the applications on it.
    @discardableResult
    public func stopDesktop() async throws -> DesktopStatus {
        try await decode(send(.POST, "/v1/desktop/stop"))
    }

    /// `GET /v1/desktop/display/info`: the display name and resolution of the running desktop.
    public func desktopDisplayInfo() async throws -> DesktopDisplayInfo {
        try await decode(send(.GET, "/v1/desktop/display/info"))
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

    /// `GET /v1/desktop/windows`: the visible top-level windows.
    public func desktopWindows() async throws -> [DesktopWindowInfo] {
        let list: DesktopWindowListResponse = try await decode(send(.GET, "/v1/desktop/windows"))
        return list.windows
    }

    /// `GET /v1/desktop/windows/focused`: the window with the focus (404 when none has it).
    public func focusedWindow() async throws -> DesktopWindowInfo {
        try await decode(send(.GET, "/v1/desktop/windows/focused"))
    }

    /// `POST /v1/desktop/windows/{id}/focus`: raises and focuses the window.
    @discardableResult
    public func focusWindow(id: String) async throws -> DesktopWindowInfo {
        try await decode(send(.POST, Self.windowPath(id, "focus")))
    }

    /// `POST /v1/desktop/windows/{id}/move`: moves the window's top-left corner.
    @discardableResult
    public func moveWindow(id: String, _ request: WindowMoveRequest) async throws -> DesktopWindowInfo {
        try await decode(send(.POST, Self.windowPath(id, "move"), body: .json(request)))
    }

    /// `POST /v1/desktop/windows/{id}/resize`.
    @discardableResult
    public func resizeWindow(id: String, _ request: WindowResizeRequest) async throws -> DesktopWindowInfo {
        try await decode(send(.POST, Self.windowPath(id, "resize"), body: .json(request)))
    }

    /// `GET /v1/desktop/clipboard`: the text of a selection (the server's default: `clipboard`).
    public func clipboard(selection: ClipboardSelection? = nil) async throws -> DesktopClipboardResponse {
        try await decode(send(.GET, "/v1/desktop/clipboard", query: ["selection": selection?.rawValue]))
    }

    /// `POST /v1/desktop/clipboard`: the server owns the selection and serves the text to whoever pastes.
    @discardableResult
    public func setClipboard(_ request: ClipboardSetRequest) async throws -> DesktopOK {
        try await decode(send(.POST, "/v1/desktop/clipboard", body: .json(request)))
    }

    /// `POST /v1/desktop/launch`: starts an application on the desktop (with `wait`, returns its window).
    public func launchOnDesktop(_ request: DesktopLaunchRequest) async throws -> DesktopLaunchResponse {
        try await decode(send(.POST, "/v1/desktop/launch", body: .json(request)))
    }

    /// `POST /v1/desktop/open`: opens a file or URL with `xdg-open`.
    public func openOnDesktop(_ request: DesktopOpenRequest) async throws -> DesktopOpenResponse {
        try await decode(send(.POST, "/v1/desktop/open", body: .json(request)))
    }

    /// `/v1/desktop/windows/{id}/<action>` with the id percent-encoded.
    static func windowPath(_ id: String, _ action: String) -> String {
        "/v1/desktop/windows/\(escape(id))/\(action)"
    }
}

/// The desktop's pointer and keyboard, one action a request or a batch.
extension SandboxAgentClient {
    /// `GET /v1/desktop/mouse/position`.
    public func mousePosition() async throws -> MousePosition {
        try await decode(send(.GET, "/v1/desktop/mouse/position"))
    }

    /// `POST /v1/desktop/mouse/move`; returns where the pointer is.
    @discardableResult
    public func moveMouse(_ request: MouseMoveRequest) async throws -> MousePosition {
        try await decode(send(.POST, "/v1/desktop/mouse/move", body: .json(request)))
    }

    /// `POST /v1/desktop/mouse/click`; returns where the pointer is.
    @discardableResult
    public func click(_ request: MouseClickRequest) async throws -> MousePosition {
        try await decode(send(.POST, "/v1/desktop/mouse/click", body: .json(request)))
    }

    /// `POST /v1/desktop/mouse/down` (`down`) or `/mouse/up`; returns where the pointer is.
    @discardableResult
    public func mouseButton(_ request: MouseButtonRequest, down: Bool) async throws -> MousePosition {
        try await decode(send(.POST, down ? "/v1/desktop/mouse/down" : "/v1/desktop/mouse/up", body: .json(request)))
    }

    /// `POST /v1/desktop/mouse/drag`; returns where the pointer is.
    @discardableResult
    public func drag(_ request: MouseDragRequest) async throws -> MousePosition {
        try await decode(send(.POST, "/v1/desktop/mouse/drag", body: .json(request)))
    }

    /// `POST /v1/desktop/mouse/scroll`; returns where the pointer is.
    @discardableResult
    public func scroll(_ request: MouseScrollRequest) async throws -> MousePosition {
        try await decode(send(.POST, "/v1/desktop/mouse/scroll", body: .json(request)))
    }

    /// `POST /v1/desktop/keyboard/type`: types the text (any Unicode).
    @discardableResult
    public func typeText(_ request: KeyboardTypeRequest) async throws -> DesktopOK {
        try await decode(send(.POST, "/v1/desktop/keyboard/type", body: .json(request)))
    }

    /// `POST /v1/desktop/keyboard/press`: presses and releases a key or chord.
    @discardableResult
    public func pressKey(_ request: KeyboardPressRequest) async throws -> DesktopOK {
        try await decode(send(.POST, "/v1/desktop/keyboard/press", body: .json(request)))
    }

    /// `POST /v1/desktop/keyboard/down` (`down`) or `/keyboard/up`: holds or releases a key or chord.
    @discardableResult
    public func key(_ request: KeyboardKeyRequest, down: Bool) async throws -> DesktopOK {
        try await decode(send(.POST, down ? "/v1/desktop/keyboard/down" : "/v1/desktop/keyboard/up", body: .json(request)))
    }

    /// `POST /v1/desktop/actions`: a batch of actions, optionally followed by a settle wait and a
    /// screenshot, in one round trip.
    @discardableResult
    public func performDesktopActions(_ request: DesktopActionsRequest) async throws -> DesktopActionsResponse {
        try await decode(send(.POST, "/v1/desktop/actions", body: .json(request)))
    }
}

/// The desktop's recordings and live view.
extension SandboxAgentClient {
    /// `POST /v1/desktop/recording/start`.
    public func startRecording(_ request: DesktopRecordingStartRequest = DesktopRecordingStartRequest()) async throws -> DesktopRecordingInfo {
        try await decode(send(.POST, "/v1/desktop/recording/start", body: .json(request)))
    }

    /// `POST /v1/desktop/recording/stop`: stops the active recording and returns it finished.
    @discardableResult
    public func stopRecording() async throws -> DesktopRecordingInfo {
        try await decode(send(.POST, "/v1/desktop/recording/stop"))
    }

    /// `GET /v1/desktop/recordings`.
    public func recordings() async throws -> [DesktopRecordingInfo] {
        let list: DesktopRecordingListResponse = try await decode(send(.GET, "/v1/desktop/recordings"))
        return list.recordings
    }

    /// `GET /v1/desktop/recordings/{id}`.
    public func recording(id: String) async throws -> DesktopRecordingInfo {
        try await decode(send(.GET, "/v1/desktop/recordings/" + Self.escape(id)))
    }

    /// `DELETE /v1/desktop/recordings/{id}`: removes the video and its description.
    public func deleteRecording(id: String) async throws {
        _ = try await collect(send(.DELETE, "/v1/desktop/recordings/" + Self.escape(id)))
    }

    /// `POST /v1/desktop/stream/start` (`start`) or `/stream/stop`: turns the live view on or off.
    @discardableResult
    public func setDesktopStream(active: Bool) async throws -> DesktopStreamStatus {
        try await decode(send(.POST, active ? "/v1/desktop/stream/start" : "/v1/desktop/stream/stop"))
    }

    /// `GET /v1/desktop/stream/status`.
    public func desktopStreamStatus() async throws -> DesktopStreamStatus {
        try await decode(send(.GET, "/v1/desktop/stream/status"))
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
