public import ACP
public import DesktopRuntime
import Foundation
import SandboxAgentAPI

/// Runs the desktop tools on the running desktop. Coordinates are in the screenshot's pixels
/// (the screen scaled to a model-friendly size, ``ModelScreen``) and mapped back exactly; input
/// tools answer with the settled screen. Failures are results with `isError`, as MCP wants.
public struct DesktopToolRunner: Sendable {
    let manager: DesktopManager

    public init(manager: DesktopManager) {
        self.manager = manager
    }

    /// Whether `name` is one of the tools.
    public static func knows(_ name: String) -> Bool {
        DesktopTool.all.contains { $0.name == name }
    }

    public func call(_ name: String, arguments: JSONValue?) async -> DesktopToolResult {
        do {
            return try await run(name, Self.arguments(arguments))
        } catch {
            return .text(error.message, isError: true)
        }
    }

    /// A call's `arguments`: an object, or nothing.
    private static func arguments(_ value: JSONValue?) throws(DesktopError) -> ActionArguments {
        guard let value, value != .null else { return ActionArguments([:]) }
        guard let object = value.objectValue else { throw .invalid("arguments", "must be an object") }
        return ActionArguments(object)
    }

    private func run(_ name: String, _ arguments: ActionArguments) async throws(DesktopError) -> DesktopToolResult {
        let desktop = try await manager.activeDesktop()
        let (width, height) = await desktop.screenSize()
        let screen = try ModelScreen.fitting(screenWidth: width, screenHeight: height)
        func point() throws(DesktopError) -> ScreenPoint {
            try screen.toScreen(x: arguments.int("x"), y: arguments.int("y"), field: "x")
        }
        let step: ComputerStep
        switch name {
        case "screenshot":
            step = ComputerStep()
        case "click":
            let buttons: [String: MouseButton] = ["left": .left, "right": .right, "middle": .middle]
            let buttonName = try arguments.optionalString("button") ?? "left"
            guard let button = buttons[buttonName] else { throw .invalid("button", "must be left, right or middle") }
            let count = try arguments.optionalInt("clickCount") ?? 1
            guard (1...3).contains(count) else { throw .invalid("clickCount", "must be 1, 2 or 3") }
            step = ComputerStep(actions: [.click(at: try point(), button: button, count: count)])
        case "double_click":
            step = ComputerStep(actions: [.click(at: try point(), button: .left, count: 2)])
        case "move":
            step = ComputerStep(actions: [.move(try point())])
        case "drag":
            let start = try screen.toScreen(x: arguments.int("startX"), y: arguments.int("startY"), field: "startX")
            let end = try screen.toScreen(x: arguments.int("endX"), y: arguments.int("endY"), field: "endX")
            step = ComputerStep(actions: [.drag(from: start, to: end, button: .left)])
        case "scroll":
            var input: [String: JSONValue] = [
                "action": "scroll", "coordinate": [.int(Int64(try arguments.int("x"))), .int(Int64(try arguments.int("y")))],
                "scroll_direction": .string(try arguments.string("direction")),
            ]
            if let amount = try arguments.optionalInt("amount") { input["scroll_amount"] = .int(Int64(amount)) }
            step = try AnthropicComputerAction.step(input, screen: screen)
        case "type":
            step = ComputerStep(actions: [.type(text: try arguments.string("text"), delay: .zero)])
        case "key":
            step = try AnthropicComputerAction.step(["action": .string("key"), "text": .string(try arguments.string("key"))], screen: screen)
        case "hold_key":
            let key = try arguments.string("key")
            let ms = try arguments.int("durationMs")
            guard (0...10_000).contains(ms) else { throw .invalid("durationMs", "must be between 0 and 10000") }
            step = ComputerStep(actions: [.keyDown(key), .wait(.milliseconds(ms)), .keyUp(key)])
        case "cursor_position":
            step = ComputerStep(report: .cursorPosition)
        case "computer":
            step = try AnthropicComputerAction.step(arguments.values, screen: screen)
        case "wait":
            let quiet = try arguments.optionalInt("quietMs") ?? 300, timeout = try arguments.optionalInt("timeoutMs") ?? 3000
            guard (0...10_000).contains(quiet) else { throw .invalid("quietMs", "must be between 0 and 10000") }
            guard (0...30_000).contains(timeout) else { throw .invalid("timeoutMs", "must be between 0 and 30000") }
            let settled = try await desktop.waitUntilStable(quiet: .milliseconds(quiet), timeout: .milliseconds(timeout))
            let outcome = try await desktop.perform(ComputerStep(), screen: screen)
            return .image(outcome.screenshot!, caption: settled ? "The screen is still." : "The screen was still changing after \(timeout) ms.")
        default:
            return try await runDesktopTool(name, arguments, desktop: desktop)
        }
        let outcome = try await desktop.perform(step, screen: screen)
        if let cursor = outcome.cursor { return .text("X=\(cursor.x),Y=\(cursor.y)") }
        guard let shot = outcome.screenshot else { return .text("done") }
        return .image(shot, caption: "Screenshot \(shot.plan.outputWidth)x\(shot.plan.outputHeight) (screen \(width)x\(height)); coordinates are in this image's pixels.")
    }

    /// The tools that are not input: windows, focus, launch, open, clipboard.
    private func runDesktopTool(_ name: String, _ arguments: ActionArguments, desktop: X11Desktop) async throws(DesktopError) -> DesktopToolResult {
        switch name {
        case "windows":
            return .text(Self.json(await desktop.listWindows()))
        case "focus_window":
            guard let id = WindowID(parsing: try arguments.string("id")) else { throw .invalid("id", "must be an X window id (decimal or 0x-hexadecimal)") }
            return .text(Self.json(try await desktop.focusWindow(id)))
        case "launch":
            let args = arguments.values["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let wait = arguments.values["wait"]?.boolValue ?? false
            return .text(Self.json(try await manager.launch(app: try arguments.string("app"), args: args, windowWait: wait ? .seconds(5) : nil)))
        case "open":
            return .text(Self.json(try await manager.open(target: try arguments.string("target"))))
        case "clipboard_get":
            return .text(try await desktop.clipboard(.clipboard))
        case "clipboard_set":
            try await desktop.setClipboard(try arguments.string("text"), selections: [.clipboard])
            return .text("The clipboard holds the text.")
        default:
            throw .invalid("name", "is not a tool of this server")
        }
    }

    private static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
