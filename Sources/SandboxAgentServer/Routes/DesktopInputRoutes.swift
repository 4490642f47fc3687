import DesktopRuntime
import Hummingbird
import SandboxAgentAPI

/// `/v1/desktop/mouse/*`, `/v1/desktop/keyboard/*` and the batch `/v1/desktop/actions`.
struct DesktopInputRoutes {
    let manager: DesktopManager
    let jsonLimit: Int

    func register(on routes: DesktopRouteTable) {
        routes.on(.get, "/v1/desktop/mouse/position") { _, _ in
            try JSONBody.response(try await manager.activeDesktop().mousePosition())
        }
        routes.on(.post, "/v1/desktop/mouse/move") { request, _ in
            let move = try await JSONBody.decode(MouseMoveRequest.self, from: request, limit: jsonLimit)
            return try JSONBody.response(try await manager.activeDesktop().moveMouse(to: ScreenPoint(x: move.x, y: move.y)))
        }
        routes.on(.post, "/v1/desktop/mouse/click") { request, _ in
            let click = try await JSONBody.decode(MouseClickRequest.self, from: request, limit: jsonLimit)
            let point = try InputValidation.optionalPoint(x: click.x, y: click.y)
            let count = try InputValidation.clickCount(click.clickCount)
            return try JSONBody.response(try await manager.activeDesktop().click(at: point, button: click.button ?? .left, count: count))
        }
        routes.on(.post, "/v1/desktop/mouse/down") { request, _ in try await button(request, down: true) }
        routes.on(.post, "/v1/desktop/mouse/up") { request, _ in try await button(request, down: false) }
        routes.on(.post, "/v1/desktop/mouse/drag") { request, _ in
            let drag = try await JSONBody.decode(MouseDragRequest.self, from: request, limit: jsonLimit)
            return try JSONBody.response(
                try await manager.activeDesktop().drag(
                    from: ScreenPoint(x: drag.startX, y: drag.startY), to: ScreenPoint(x: drag.endX, y: drag.endY),
                    button: drag.button ?? .left))
        }
        routes.on(.post, "/v1/desktop/mouse/scroll") { request, _ in
            let scroll = try await JSONBody.decode(MouseScrollRequest.self, from: request, limit: jsonLimit)
            let point = try InputValidation.optionalPoint(x: scroll.x, y: scroll.y)
            let (deltaX, deltaY) = try InputValidation.scrollDeltas(x: scroll.deltaX, y: scroll.deltaY)
            return try JSONBody.response(try await manager.activeDesktop().scroll(at: point, deltaX: deltaX, deltaY: deltaY))
        }
        routes.on(.post, "/v1/desktop/keyboard/type") { request, _ in
            let type = try await JSONBody.decode(KeyboardTypeRequest.self, from: request, limit: jsonLimit)
            let text = try InputValidation.text(type.text)
            try await manager.activeDesktop().type(text, delay: try InputValidation.typingDelay(type.delayMs))
            return try JSONBody.response(DesktopOK())
        }
        routes.on(.post, "/v1/desktop/keyboard/press") { request, _ in
            let press = try await JSONBody.decode(KeyboardPressRequest.self, from: request, limit: jsonLimit)
            try await manager.activeDesktop().pressKey(press.key, modifiers: press.modifiers)
            return try JSONBody.response(DesktopOK())
        }
        routes.on(.post, "/v1/desktop/keyboard/down") { request, _ in try await key(request, down: true) }
        routes.on(.post, "/v1/desktop/keyboard/up") { request, _ in try await key(request, down: false) }
        routes.on(.post, "/v1/desktop/actions") { request, _ in
            let batch = try DesktopBatch(try await JSONBody.decode(DesktopActionsRequest.self, from: request, limit: jsonLimit))
            return try JSONBody.response(try await manager.activeDesktop().perform(batch))
        }
    }

    private func button(_ request: Request, down: Bool) async throws -> Response {
        let body = try await JSONBody.decode(MouseButtonRequest.self, from: request, limit: jsonLimit)
        let point = try InputValidation.optionalPoint(x: body.x, y: body.y)
        return try JSONBody.response(try await manager.activeDesktop().mouseButton(body.button ?? .left, down: down, at: point))
    }

    private func key(_ request: Request, down: Bool) async throws -> Response {
        let body = try await JSONBody.decode(KeyboardKeyRequest.self, from: request, limit: jsonLimit)
        try await manager.activeDesktop().setKey(body.key, down: down)
        return try JSONBody.response(DesktopOK())
    }
}
