public import SandboxAgentAPI

/// One checked action, as `X11Desktop` runs it: a step of `POST /v1/desktop/actions` (a
/// ``DesktopAction`` of the API, its values validated), of a computer-use step, or of a live-view
/// viewer.
public enum DesktopCommand: Sendable {
    case move(ScreenPoint)
    case click(at: ScreenPoint?, button: MouseButton, count: Int)
    case buttonDown(at: ScreenPoint?, button: MouseButton)
    case buttonUp(at: ScreenPoint?, button: MouseButton)
    case drag(from: ScreenPoint, to: ScreenPoint, button: MouseButton)
    case scroll(at: ScreenPoint?, deltaX: Int, deltaY: Int)
    case type(text: String, delay: Duration)
    case press(key: String, modifiers: KeyModifiers?)
    case keyDown(String)
    case keyUp(String)
    /// A pause, at most 10 s.
    case wait(Duration)

    /// The action's values checked (what needs the screen is checked when the batch runs).
    public init(_ action: DesktopAction) throws(DesktopError) {
        switch action {
        case .move(let request):
            self = .move(ScreenPoint(x: request.x, y: request.y))
        case .click(let request):
            self = .click(
                at: try InputValidation.optionalPoint(x: request.x, y: request.y), button: request.button ?? .left,
                count: try InputValidation.clickCount(request.clickCount))
        case .mouseDown(let request):
            self = .buttonDown(at: try InputValidation.optionalPoint(x: request.x, y: request.y), button: request.button ?? .left)
        case .mouseUp(let request):
            self = .buttonUp(at: try InputValidation.optionalPoint(x: request.x, y: request.y), button: request.button ?? .left)
        case .drag(let request):
            self = .drag(
                from: ScreenPoint(x: request.startX, y: request.startY), to: ScreenPoint(x: request.endX, y: request.endY),
                button: request.button ?? .left)
        case .scroll(let request):
            let (deltaX, deltaY) = try InputValidation.scrollDeltas(x: request.deltaX, y: request.deltaY)
            self = .scroll(at: try InputValidation.optionalPoint(x: request.x, y: request.y), deltaX: deltaX, deltaY: deltaY)
        case .type(let request):
            self = .type(text: try InputValidation.text(request.text), delay: try InputValidation.typingDelay(request.delayMs))
        case .press(let request):
            self = .press(key: request.key, modifiers: request.modifiers)
        case .keyDown(let request):
            self = .keyDown(request.key)
        case .keyUp(let request):
            self = .keyUp(request.key)
        case .wait(let wait):
            guard (0...10_000).contains(wait.ms) else { throw .invalid("ms", "must be between 0 and 10000") }
            self = .wait(.milliseconds(wait.ms))
        }
    }

    /// The action's `type`.
    public var kind: DesktopAction.Kind {
        switch self {
        case .move: .move
        case .click: .click
        case .buttonDown: .mouseDown
        case .buttonUp: .mouseUp
        case .drag: .drag
        case .scroll: .scroll
        case .type: .type
        case .press: .press
        case .keyDown: .keyDown
        case .keyUp: .keyUp
        case .wait: .wait
        }
    }
}
