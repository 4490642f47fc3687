import Foundation
import NIOCore
public import SandboxAgentAPI

extension X11Desktop {
    /// Runs a batch: checks every command against the screen first (nothing runs when one is
    /// invalid), runs them in order, optionally waits for the screen to settle, and takes the
    /// trailing screenshot — one round trip per agent step.
    public func perform(_ batch: DesktopBatch) async throws(DesktopError) -> DesktopActionsResponse {
        if let options = batch.screenshot {
            let (width, height) = screenSize()
            _ = try options.plan(screenWidth: width, screenHeight: height)
        }
        for (index, command) in batch.commands.enumerated() {
            do {
                try check(command)
            } catch {
                throw error.inAction(index)
            }
        }
        var results: [DesktopActionResult] = []
        for (index, command) in batch.commands.enumerated() {
            do {
                results.append(DesktopActionResult(index: index, type: command.kind.rawValue, position: try await run(command)))
            } catch {
                var failure = error
                failure.message = "action \(index) (\(command.kind.rawValue)) failed: \(error.message)"
                throw failure
            }
        }
        var response = DesktopActionsResponse(results: results)
        if let settle = batch.settle { response.settled = try await waitUntilStable(quiet: settle.quiet, timeout: settle.timeout) }
        if let options = batch.screenshot {
            let shot = try await screenshot(options)
            response.screenshot = BatchScreenshot(
                contentType: shot.contentType, data: shot.base64, screenWidth: shot.plan.screenWidth,
                screenHeight: shot.plan.screenHeight, imageWidth: shot.plan.outputWidth, imageHeight: shot.plan.outputHeight,
                scaleX: shot.plan.scaleX, scaleY: shot.plan.scaleY)
        }
        return response
    }

    /// Checks what `DesktopCommand(_:)` could not: coordinates against the screen, key names, text.
    private func check(_ command: DesktopCommand) throws(DesktopError) {
        func onScreen(_ point: ScreenPoint?, x: String = "x", y: String = "y") throws(DesktopError) {
            if let point { try checkOnScreen(point, x: x, y: y) }
        }
        switch command {
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

    private func run(_ command: DesktopCommand) async throws(DesktopError) -> MousePosition? {
        switch command {
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
