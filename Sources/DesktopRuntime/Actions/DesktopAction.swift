/// One step of `POST /v1/desktop/actions`: `{"type": "click", "x": 10, "y": 20, ...}` with the
/// fields of the matching single-action endpoint. Fields an action does not know are ignored (a
/// newer client may send them); an unknown `type` is refused.
public enum DesktopAction: Sendable, Decodable {
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

    /// The `type` names.
    static let types: Set<String> = ["move", "click", "mouseDown", "mouseUp", "drag", "scroll", "type", "press", "keyDown", "keyUp", "wait"]

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Wait: Decodable { var ms: Int }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let type = try container.decode(String.self, forKey: AnyKey(stringValue: "type"))
        guard Self.types.contains(type) else {
            throw DecodingError.dataCorruptedError(
                forKey: AnyKey(stringValue: "type"), in: container,
                debugDescription: "unknown action type \"\(type)\"; expected one of \(Self.types.sorted().joined(separator: ", "))")
        }
        self = try Self.decode(type, from: decoder)
    }

    private static func decode(_ type: String, from decoder: any Decoder) throws -> DesktopAction {
        switch type {
        case "move":
            let request = try MouseMoveRequest(from: decoder)
            return .move(ScreenPoint(x: request.x, y: request.y))
        case "click":
            let request = try MouseClickRequest(from: decoder)
            return .click(
                at: try InputValidation.optionalPoint(x: request.x, y: request.y), button: request.button ?? .left,
                count: try InputValidation.clickCount(request.clickCount))
        case "mouseDown", "mouseUp":
            let request = try MouseButtonRequest(from: decoder)
            let point = try InputValidation.optionalPoint(x: request.x, y: request.y)
            return type == "mouseDown" ? .buttonDown(at: point, button: request.button ?? .left) : .buttonUp(at: point, button: request.button ?? .left)
        case "drag":
            let request = try MouseDragRequest(from: decoder)
            return .drag(
                from: ScreenPoint(x: request.startX, y: request.startY), to: ScreenPoint(x: request.endX, y: request.endY),
                button: request.button ?? .left)
        case "scroll":
            let request = try MouseScrollRequest(from: decoder)
            let (deltaX, deltaY) = try InputValidation.scrollDeltas(x: request.deltaX, y: request.deltaY)
            return .scroll(at: try InputValidation.optionalPoint(x: request.x, y: request.y), deltaX: deltaX, deltaY: deltaY)
        case "type":
            let request = try KeyboardTypeRequest(from: decoder)
            return .type(text: try InputValidation.text(request.text), delay: try InputValidation.typingDelay(request.delayMs))
        case "press":
            let request = try KeyboardPressRequest(from: decoder)
            return .press(key: request.key, modifiers: request.modifiers)
        case "keyDown":
            return .keyDown(try KeyboardKeyRequest(from: decoder).key)
        case "keyUp":
            return .keyUp(try KeyboardKeyRequest(from: decoder).key)
        default:
            let wait = try Wait(from: decoder)
            guard (0...10_000).contains(wait.ms) else { throw DesktopError.invalid("ms", "must be between 0 and 10000") }
            return .wait(.milliseconds(wait.ms))
        }
    }

    /// The action's `type` name.
    public var name: String {
        switch self {
        case .move: "move"
        case .click: "click"
        case .buttonDown: "mouseDown"
        case .buttonUp: "mouseUp"
        case .drag: "drag"
        case .scroll: "scroll"
        case .type: "type"
        case .press: "press"
        case .keyDown: "keyDown"
        case .keyUp: "keyUp"
        case .wait: "wait"
        }
    }
}

/// How long to wait for the screen to stop changing after the actions.
public struct SettleOptions: Sendable, Codable {
    /// The screen must stay unchanged this long (default 300 ms, at most 10 s).
    public var quietMs: Int?
    /// Give up after this long (default 3 s, at most 30 s); the response says whether it settled.
    public var timeoutMs: Int?

    func validated() throws(DesktopError) -> (quiet: Duration, timeout: Duration) {
        let quiet = quietMs ?? 300, timeout = timeoutMs ?? 3000
        if !(0...10_000).contains(quiet) { throw .invalid("settle.quietMs", "must be between 0 and 10000") }
        if !(0...30_000).contains(timeout) { throw .invalid("settle.timeoutMs", "must be between 0 and 30000") }
        return (.milliseconds(quiet), .milliseconds(timeout))
    }
}

/// The trailing screenshot of a batch.
public struct BatchScreenshotOptions: Sendable, Codable {
    public var format: ImageFormat?
    public var quality: Int?
    public var scale: Double?
    public var width: Int?
    public var height: Int?
    public var showCursor: Bool?

    var options: ScreenshotOptions {
        ScreenshotOptions(format: format ?? .png, quality: quality, scale: scale, width: width, height: height, showCursor: showCursor ?? false)
    }
}

/// `POST /v1/desktop/actions`.
public struct DesktopActionsRequest: Sendable, Decodable {
    public var actions: [DesktopAction]
    public var settle: SettleOptions?
    public var screenshot: BatchScreenshotOptions?

    /// At most this many actions per batch.
    public static let maximumActions = 200

    private enum CodingKeys: String, CodingKey { case actions, settle, screenshot }

    public init(actions: [DesktopAction], settle: SettleOptions? = nil, screenshot: BatchScreenshotOptions? = nil) {
        self.actions = actions
        self.settle = settle
        self.screenshot = screenshot
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var list = try container.nestedUnkeyedContainer(forKey: .actions)
        var actions: [DesktopAction] = []
        while !list.isAtEnd {
            let index = actions.count
            guard index < Self.maximumActions else { throw DesktopError.invalid("actions", "must hold at most \(Self.maximumActions) actions") }
            do {
                actions.append(try list.decode(DesktopAction.self))
            } catch let error as DesktopError {
                throw DesktopError.invalid("actions[\(index)].\(error.field ?? "")", String(error.message.drop(while: { $0 != " " }).dropFirst()))
            }
        }
        if actions.isEmpty, !container.contains(.screenshot) { throw DesktopError.invalid("actions", "must not be empty without a screenshot") }
        self.actions = actions
        settle = try container.decodeIfPresent(SettleOptions.self, forKey: .settle)
        screenshot = try container.decodeIfPresent(BatchScreenshotOptions.self, forKey: .screenshot)
    }
}

/// What one action did.
public struct DesktopActionResult: Sendable, Codable {
    public var index: Int
    public var type: String
    /// Where the pointer is after a pointer action.
    public var position: MousePosition?
}

/// The screenshot of a batch: base64 image plus the geometry headers' values.
public struct BatchScreenshot: Sendable, Codable {
    public var contentType: String
    public var data: String
    public var screenWidth: Int
    public var screenHeight: Int
    public var imageWidth: Int
    public var imageHeight: Int
    public var scaleX: Double
    public var scaleY: Double
}

/// `POST /v1/desktop/actions` answer.
public struct DesktopActionsResponse: Sendable, Codable {
    public var results: [DesktopActionResult]
    /// With `settle`: whether the screen stopped changing before the deadline.
    public var settled: Bool?
    public var screenshot: BatchScreenshot?
}
