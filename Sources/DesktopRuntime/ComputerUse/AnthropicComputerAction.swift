public import ACP
import SandboxAgentAPI

/// Anthropic's computer tool (`computer_20250124`, plus `zoom` of the newer versions): its input,
/// taken verbatim, as a ``ComputerStep``. Coordinates are in the model's screen (``ModelScreen``).
public enum AnthropicComputerAction {
    static let fields: [String: Set<String>] = {
        let click: Set<String> = ["coordinate", "text"]
        return [
            "screenshot": [], "cursor_position": [], "mouse_move": ["coordinate"],
            "left_click": click, "right_click": click, "middle_click": click, "double_click": click, "triple_click": click,
            "left_click_drag": ["start_coordinate", "coordinate"], "left_mouse_down": ["coordinate"], "left_mouse_up": ["coordinate"],
            "scroll": ["coordinate", "scroll_direction", "scroll_amount", "text"], "key": ["text"], "type": ["text"],
            "hold_key": ["text", "duration"], "wait": ["duration"], "zoom": ["region"],
        ]
    }()

    /// The actions of `input` on `screen`; a 400 naming the field for anything invalid.
    public static func step(_ input: [String: JSONValue], screen: ModelScreen) throws(DesktopError) -> ComputerStep {
        let fields = try ActionArguments(checking: input, actionKey: "action", allowed: Self.fields)
        func point(_ key: String = "coordinate") throws(DesktopError) -> ScreenPoint? {
            guard let (x, y) = try fields.pair(key) else { return nil }
            return try screen.toScreen(x: x, y: y, field: key)
        }
        func required(_ key: String = "coordinate") throws(DesktopError) -> ScreenPoint {
            guard let point = try point(key) else { throw .invalid(key, "is required for \(fields.action)") }
            return point
        }
        switch fields.action {
        case "screenshot":
            return ComputerStep()
        case "cursor_position":
            return ComputerStep(report: .cursorPosition)
        case "mouse_move":
            return ComputerStep(actions: [.move(try required())])
        case "left_click", "right_click", "middle_click", "double_click", "triple_click":
            let button: MouseButton = fields.action == "right_click" ? .right : fields.action == "middle_click" ? .middle : .left
            let count = fields.action == "double_click" ? 2 : fields.action == "triple_click" ? 3 : 1
            let click = DesktopCommand.click(at: try point(), button: button, count: count)
            return ComputerStep(actions: try holding(fields.optionalString("text"), around: [click]))
        case "left_click_drag":
            return ComputerStep(actions: [.drag(from: try required("start_coordinate"), to: try required(), button: .left)])
        case "left_mouse_down":
            return ComputerStep(actions: [.buttonDown(at: try point(), button: .left)])
        case "left_mouse_up":
            return ComputerStep(actions: [.buttonUp(at: try point(), button: .left)])
        case "scroll":
            let amount = try fields.optionalInt("scroll_amount") ?? 3
            guard (1...100).contains(amount) else { throw .invalid("scroll_amount", "must be between 1 and 100") }
            let direction = try fields.string("scroll_direction")
            let (deltaX, deltaY): (Int, Int) =
                switch direction {
                case "up": (0, -amount)
                case "down": (0, amount)
                case "left": (-amount, 0)
                case "right": (amount, 0)
                default: throw .invalid("scroll_direction", "must be up, down, left or right, not \"\(direction)\"")
                }
            let scroll = DesktopCommand.scroll(at: try point(), deltaX: deltaX, deltaY: deltaY)
            return ComputerStep(actions: try holding(fields.optionalString("text"), around: [scroll]))
        case "key":
            let chords = try fields.string("text").split(separator: " ").map(String.init)
            guard !chords.isEmpty else { throw .invalid("text", "must name a key, such as Return or ctrl+s") }
            return ComputerStep(actions: chords.map { .press(key: $0, modifiers: nil) })
        case "type":
            return ComputerStep(actions: [.type(text: try fields.string("text"), delay: .zero)])
        case "hold_key":
            let key = try fields.string("text")
            let duration = try seconds(fields.number("duration"), field: "duration")
            return ComputerStep(actions: [.keyDown(key), .wait(duration), .keyUp(key)])
        case "wait":
            return ComputerStep(actions: [.wait(try seconds(fields.number("duration") ?? 1, field: "duration"))])
        default:  // zoom
            guard let items = input["region"]?.arrayValue, items.count == 4, let x0 = ActionArguments.int(items[0]),
                  let y0 = ActionArguments.int(items[1]), let x1 = ActionArguments.int(items[2]), let y1 = ActionArguments.int(items[3])
            else { throw .invalid("region", "is required for zoom and must be [x0, y0, x1, y1] integers") }
            guard x1 > x0, y1 > y0 else { throw .invalid("region", "must have x1 > x0 and y1 > y0") }
            let start = try screen.toScreen(x: x0, y: y0, field: "region")
            let end = try screen.toScreen(x: x1 - 1, y: y1 - 1, field: "region")
            return ComputerStep(report: .zoom(ScreenRegion(x: start.x, y: start.y, width: end.x - start.x + 1, height: end.y - start.y + 1)))
        }
    }

    /// Holds the modifier keys of `text` (`shift`, `ctrl+alt`) around `actions`.
    static func holding(_ text: String?, around actions: [DesktopCommand]) throws(DesktopError) -> [DesktopCommand] {
        guard let text, !text.isEmpty else { return actions }
        let keys = text.split(separator: "+").map(String.init)
        return keys.map { .keyDown($0) } + actions + keys.reversed().map { .keyUp($0) }
    }

    /// A duration in seconds, at most 10 s (one wait of a batch).
    static func seconds(_ value: Double?, field: String) throws(DesktopError) -> Duration {
        guard let value else { throw .invalid(field, "is required") }
        guard value >= 0, value <= 10 else { throw .invalid(field, "must be between 0 and 10 seconds") }
        return .milliseconds(Int((value * 1000).rounded()))
    }
}
