import Foundation
import NIOCore

extension X11Desktop {
    /// Runs a batch: checks every action against the screen first (nothing runs when one is
    /// invalid), runs them in order, optionally waits for the screen to settle, and takes the
    /// trailing screenshot — one round trip per agent step.
    public func perform(_ request: DesktopActionsRequest) async throws(DesktopError) -> DesktopActionsResponse {
        let settle = try request.settle?.validated()
        let screenshotOptions = request.screenshot?.options
        if let screenshotOptions {
            let (width, height) = screenSize()
            _ = try screenshotOptions.plan(screenWidth: width, screenHeight: height)
        }
        for (index, action) in request.actions.enumerated() {
            do {
                try check(action)
            } catch {
                throw DesktopError.invalid("actions[\(index)].\(error.field ?? "")", String(error.message.drop(while: { $0 != " " }).dropFirst()))
            }
        }
        var results: [DesktopActionResult] = []
        for (index, action) in request.actions.enumerated() {
            do {
                results.append(DesktopActionResult(index: index, type: action.name, position: try await run(action)))
            } catch {
                var failure = error
                failure.message = "action \(index) (\(action.name)) failed: \(error.message)"
                throw failure
            }
        }
        var response = DesktopActionsResponse(results: results)
        if let settle { response.settled = try await waitUntilStable(quiet: settle.quiet, timeout: settle.timeout) }
        if let screenshotOptions {
            let shot = try await screenshot(screenshotOptions)
            response.screenshot = BatchScreenshot(
                contentType: shot.contentType, data: shot.base64, screenWidth: shot.plan.screenWidth,
                screenHeight: shot.plan.screenHeight, imageWidth: shot.plan.outputWidth, imageHeight: shot.plan.outputHeight,
                scaleX: shot.plan.scaleX, scaleY: shot.plan.scaleY)
        }
        return response
    }

    /// Validates what the decoder could not: coordinates against the screen, key names, text.
    private func check(_ action: DesktopAction) throws(DesktopError) {
        func onScreen(_ point: ScreenPoint?, x: String = "x", y: String = "y") throws(DesktopError) {
            if let point { try checkOnScreen(point, x: x, y: y) }
        }
        switch action {
        case .move(let point): try onScreen(point)
        case .click(let point, _, _), .buttonDown(let point, _), .buttonUp(let point, _), .scroll(let point, _, _): try onScreen(point)
        case .drag(let start, let end, _):
            try onScreen(start, x: "startX", y: "startY")
            try onScreen(end, x: "endX", y: "endY")
        case .type(let text, _): try Self.checkTypeable(text)
        case .press(let key, _), .keyDown(let key), .keyUp(let key): _ = try KeyNames.parseChord(key, field: "key")
        case .wait: break
        }
    }

    private func run(_ action: DesktopAction) async throws(DesktopError) -> MousePosition? {
        switch action {
        case .move(let point): return try moveMouse(to: point)
        case .click(let point, let button, let count): return try click(at: point, button: button, count: count)
        case .buttonDown(let point, let button): return try mouseButton(button, down: true, at: point)
        case .buttonUp(let point, let button): return try mouseButton(button, down: false, at: point)
        case .drag(let start, let end, let button): return try drag(from: start, to: end, button: button)
        case .scroll(let point, let deltaX, let deltaY): return try scroll(at: point, deltaX: deltaX, deltaY: deltaY)
        case .type(let text, let delay): try await type(text, delay: delay)
        case .press(let key, let modifiers): try pressKey(key, modifiers: modifiers)
        case .keyDown(let key): try setKey(key, down: true)
        case .keyUp(let key): try setKey(key, down: false)
        case .wait(let duration): try? await Task.sleep(for: duration)
        }
        return nil
    }
}
