import DesktopRuntime
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxAgentAPI

/// `/v1/desktop/*` lifecycle, display, windows, clipboard and applications: decode, call the
/// `DesktopManager` or the active `X11Desktop`, encode. Input and screenshots have their own files.
struct DesktopRoutes {
    let manager: DesktopManager
    let jsonLimit: Int

    func register(on routes: DesktopRouteTable) {
        routes.on(.get, "/v1/desktop/status") { _, _ in try JSONBody.response(await manager.status()) }
        routes.on(.post, "/v1/desktop/start") { request, _ in
            let start = try await decodeOptional(DesktopStartRequest.self, from: request) ?? DesktopStartRequest()
            return try JSONBody.response(try await manager.start(start))
        }
        routes.on(.post, "/v1/desktop/stop") { _, _ in try JSONBody.response(try await manager.stop()) }
        routes.on(.get, "/v1/desktop/display/info") { _, _ in try JSONBody.response(try await manager.displayInfo()) }
        routes.on(.get, "/v1/desktop/windows") { _, _ in
            let desktop = try await manager.activeDesktop()
            return try JSONBody.response(DesktopWindowListResponse(windows: await desktop.listWindows()))
        }
        routes.on(.get, "/v1/desktop/windows/focused") { _, _ in
            guard let window = try await manager.activeDesktop().focusedWindow() else {
                throw APIError.notFound("no window has the focus")
            }
            return try JSONBody.response(window)
        }
        routes.on(.post, "/v1/desktop/windows/:id/focus") { _, context in
            let id = try context.windowID()
            return try JSONBody.response(try await manager.activeDesktop().focusWindow(id))
        }
        routes.on(.post, "/v1/desktop/windows/:id/move") { request, context in
            let id = try context.windowID()
            let move = try await JSONBody.decode(WindowMoveRequest.self, from: request, limit: jsonLimit)
            let coordinates = Int(Int16.min)...Int(Int16.max)  // X11 window positions are 16-bit
            guard coordinates.contains(move.x) else { throw DesktopError.invalid("x", "must be between \(Int16.min) and \(Int16.max)") }
            guard coordinates.contains(move.y) else { throw DesktopError.invalid("y", "must be between \(Int16.min) and \(Int16.max)") }
            return try JSONBody.response(try await manager.activeDesktop().moveWindow(id, to: ScreenPoint(x: move.x, y: move.y)))
        }
        routes.on(.post, "/v1/desktop/windows/:id/resize") { request, context in
            let id = try context.windowID()
            let size = try await JSONBody.decode(WindowResizeRequest.self, from: request, limit: jsonLimit)
            let limit = DesktopStartRequest.maximumSide
            guard (1...limit).contains(size.width) else { throw DesktopError.invalid("width", "must be between 1 and \(limit)") }
            guard (1...limit).contains(size.height) else { throw DesktopError.invalid("height", "must be between 1 and \(limit)") }
            return try JSONBody.response(try await manager.activeDesktop().resizeWindow(id, width: size.width, height: size.height))
        }
        routes.on(.get, "/v1/desktop/clipboard") { request, _ in
            let selection = try request.query.enumeration("selection", as: ClipboardSelection.self) ?? .clipboard
            let text = try await manager.activeDesktop().clipboard(selection)
            return try JSONBody.response(DesktopClipboardResponse(text: text, selection: selection.rawValue))
        }
        routes.on(.post, "/v1/desktop/clipboard") { request, _ in
            let body = try await JSONBody.decode(ClipboardSetRequest.self, from: request, limit: jsonLimit)
            try await manager.activeDesktop().setClipboard(body.text, selections: try body.selections())
            return try JSONBody.response(DesktopOK())
        }
        routes.on(.post, "/v1/desktop/launch") { request, _ in
            let launch = try await JSONBody.decode(DesktopLaunchRequest.self, from: request, limit: jsonLimit)
            guard !launch.app.isEmpty else { throw DesktopError.invalid("app", "must not be empty") }
            return try JSONBody.response(try await manager.launch(app: launch.app, args: launch.args ?? [], windowWait: try launch.windowWait()))
        }
        routes.on(.post, "/v1/desktop/open") { request, _ in
            let open = try await JSONBody.decode(DesktopOpenRequest.self, from: request, limit: jsonLimit)
            guard !open.target.isEmpty else { throw DesktopError.invalid("target", "must not be empty") }
            return try JSONBody.response(try await manager.open(target: open.target))
        }
        DesktopInputRoutes(manager: manager, jsonLimit: jsonLimit).register(on: routes)
        DesktopScreenshotRoutes(manager: manager, jsonLimit: jsonLimit).register(on: routes)
        ComputerUseRoutes(manager: manager, jsonLimit: jsonLimit).register(on: routes)
    }

    /// A JSON body when one was sent; `start` also accepts an empty body.
    private func decodeOptional<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T? {
        if request.headers[.contentLength] == "0" { return nil }
        if request.headers[.contentLength] == nil, request.headers[.transferEncoding] == nil { return nil }
        return try await JSONBody.decode(type, from: request, limit: jsonLimit)
    }
}

extension APIRequestContext {
    /// The `{id}` of a window route: decimal or 0x-hexadecimal X window id.
    func windowID() throws -> WindowID {
        guard let text = parameters.get("id"), let id = WindowID(parsing: text) else {
            throw DesktopError.invalid("id", "must be an X window id (decimal or 0x-hexadecimal)")
        }
        return id
    }
}
