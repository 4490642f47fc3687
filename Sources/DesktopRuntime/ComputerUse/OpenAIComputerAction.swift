public import ACP
import SandboxAgentAPI

/// OpenAI's computer-use tool: the `action` of a `computer_call` (click, double_click, drag,
/// keypress, move, screenshot, scroll, type, wait) as a ``ComputerStep``.
public enum OpenAIComputerAction {
    static let fields: [String: Set<String>] = [
        "click": ["x", "y", "button"], "double_click": ["x", "y"], "drag": ["path"], "keypress": ["keys"], "move": ["x", "y"],
        "screenshot": [], "scroll": ["x", "y", "scroll_x", "scroll_y"], "type": ["text"], "wait": ["ms"],
    ]

    /// Pixels per wheel click when turning `scroll_x`/`scroll_y` into wheel buttons.
    static let pixelsPerWheelClick = 100

    /// The actions of `action` on `screen`; a 400 naming the field for anything invalid.
    public static func step(_ action: [String: JSONValue], screen: ModelScreen) throws(DesktopError) -> ComputerStep {
        let fields = try ActionArguments(checking: action, actionKey: "type", allowed: Self.fields)
        func point() throws(DesktopError) -> ScreenPoint {
            try screen.toScreen(x: fields.int("x"), y: fields.int("y"), field: "x")
        }
        switch fields.action {
        case "click":
            let name = try fields.optionalString("button") ?? "left"
            let buttons: [String: MouseButton] = ["left": .left, "right": .right, "wheel": .middle, "back": .back, "forward": .forward]
            guard let button = buttons[name] else { throw .invalid("button", "must be left, right, wheel, back or forward, not \"\(name)\"") }
            return ComputerStep(actions: [.click(at: try point(), button: button, count: 1)])
        case "double_click":
            return ComputerStep(actions: [.click(at: try point(), button: .left, count: 2)])
        case "drag":
            guard let path = action["path"]?.arrayValue, path.count >= 2 else { throw .invalid("path", "must hold at least two {x, y} points") }
            var points: [ScreenPoint] = []
            for (index, entry) in path.enumerated() {
                guard let x = ActionArguments.int(entry["x"]), let y = ActionArguments.int(entry["y"]) else { throw .invalid("path[\(index)]", "must be {x, y} integers") }
                points.append(try screen.toScreen(x: x, y: y, field: "path[\(index)]"))
            }
            let moves = points.dropFirst().dropLast().map { DesktopCommand.move($0) }
            return ComputerStep(actions: [.buttonDown(at: points[0], button: .left)] + moves + [.buttonUp(at: points[points.count - 1], button: .left)])
        case "keypress":
            guard let keys = action["keys"]?.arrayValue?.compactMap(\.stringValue), !keys.isEmpty, keys.count == action["keys"]?.arrayValue?.count else {
                throw .invalid("keys", "must be a non-empty array of key names")
            }
            // Key names, not characters: "A" is the A key (OpenAI spells keys in capitals), not Shift+a.
            let names = keys.map { $0.count == 1 ? $0.lowercased() : $0 }
            return ComputerStep(actions: [.press(key: names.joined(separator: "+"), modifiers: nil)])
        case "move":
            return ComputerStep(actions: [.move(try point())])
        case "screenshot":
            return ComputerStep()
        case "scroll":
            let clicks = { (pixels: Int) in pixels == 0 ? 0 : (pixels.signum() * max(1, (abs(pixels) + Self.pixelsPerWheelClick / 2) / Self.pixelsPerWheelClick)) }
            let (deltaX, deltaY) = (clicks(try fields.optionalInt("scroll_x") ?? 0), clicks(try fields.optionalInt("scroll_y") ?? 0))
            guard deltaX != 0 || deltaY != 0 else { throw .invalid("scroll_y", "or scroll_x must be non-zero") }
            return ComputerStep(actions: [.scroll(at: try point(), deltaX: max(-100, min(100, deltaX)), deltaY: max(-100, min(100, deltaY)))])
        case "type":
            return ComputerStep(actions: [.type(text: try fields.string("text"), delay: .zero)])
        default:  // wait
            let ms = try fields.optionalInt("ms") ?? 1000
            guard (0...10_000).contains(ms) else { throw .invalid("ms", "must be between 0 and 10000") }
            return ComputerStep(actions: [.wait(.milliseconds(ms))])
        }
    }
}
