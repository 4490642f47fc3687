/// One step of `POST /v1/desktop/actions` (schema `DesktopAction`, tagged by `type`):
/// `{"type": "click", "x": 10, "y": 20, ...}` with the fields of the matching single-action
/// endpoint. Fields an action does not know are ignored (a newer client may send them); an unknown
/// `type` does not decode. The server checks the values (`clickCount`, `ms`, coordinates on the
/// screen, …) before it runs anything.
public enum DesktopAction: Sendable, Codable {
    case move(MouseMoveRequest)
    case click(MouseClickRequest)
    case mouseDown(MouseButtonRequest)
    case mouseUp(MouseButtonRequest)
    case drag(MouseDragRequest)
    case scroll(MouseScrollRequest)
    case type(KeyboardTypeRequest)
    case press(KeyboardPressRequest)
    case keyDown(KeyboardKeyRequest)
    case keyUp(KeyboardKeyRequest)
    case wait(DesktopWait)

    /// The `type` names.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case move, click, mouseDown, mouseUp, drag, scroll, type, press, keyDown, keyUp, wait
    }

    /// The action's `type`.
    public var kind: Kind {
        switch self {
        case .move: .move
        case .click: .click
        case .mouseDown: .mouseDown
        case .mouseUp: .mouseUp
        case .drag: .drag
        case .scroll: .scroll
        case .type: .type
        case .press: .press
        case .keyDown: .keyDown
        case .keyUp: .keyUp
        case .wait: .wait
        }
    }

    private enum CodingKeys: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .type)
        guard let kind = Kind(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown action type \"\(name)\"; expected one of \(Kind.allCases.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        switch kind {
        case .move: self = .move(try MouseMoveRequest(from: decoder))
        case .click: self = .click(try MouseClickRequest(from: decoder))
        case .mouseDown: self = .mouseDown(try MouseButtonRequest(from: decoder))
        case .mouseUp: self = .mouseUp(try MouseButtonRequest(from: decoder))
        case .drag: self = .drag(try MouseDragRequest(from: decoder))
        case .scroll: self = .scroll(try MouseScrollRequest(from: decoder))
        case .type: self = .type(try KeyboardTypeRequest(from: decoder))
        case .press: self = .press(try KeyboardPressRequest(from: decoder))
        case .keyDown: self = .keyDown(try KeyboardKeyRequest(from: decoder))
        case .keyUp: self = .keyUp(try KeyboardKeyRequest(from: decoder))
        case .wait: self = .wait(try DesktopWait(from: decoder))
        }
    }

    /// The fields of the action's request, with its `type`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .type)
        let fields: any Encodable =
            switch self {
            case .move(let request): request
            case .click(let request): request
            case .mouseDown(let request), .mouseUp(let request): request
            case .drag(let request): request
            case .scroll(let request): request
            case .type(let request): request
            case .press(let request): request
            case .keyDown(let request), .keyUp(let request): request
            case .wait(let wait): wait
            }
        try fields.encode(to: encoder)
    }
}

/// The fields of a `wait` action (schema `DesktopWaitAction`).
public struct DesktopWait: Sendable, Codable {
    /// Milliseconds to wait, 0 to 10,000.
    public var ms: Int

    public init(ms: Int) {
        self.ms = ms
    }
}

/// How long to wait for the screen to stop changing after the actions (schema `DesktopSettleOptions`).
public struct SettleOptions: Sendable, Codable {
    /// The screen must stay unchanged this long (default 300 ms, at most 10 s).
    public var quietMs: Int?
    /// Give up after this long (default 3 s, at most 30 s); the response says whether it settled.
    public var timeoutMs: Int?

    public init(quietMs: Int? = nil, timeoutMs: Int? = nil) {
        self.quietMs = quietMs
        self.timeoutMs = timeoutMs
    }
}

/// The trailing screenshot of a batch (schema `DesktopBatchScreenshotOptions`): the options of
/// `GET /v1/desktop/screenshot`, full screen.
public struct BatchScreenshotOptions: Sendable, Codable {
    /// Default `png`.
    public var format: ImageFormat?
    /// 1–100, `jpeg` and `webp` only (default 85).
    public var quality: Int?
    /// 0.1–1.0; not with `width`/`height`.
    public var scale: Double?
    public var width: Int?
    public var height: Int?
    public var showCursor: Bool?

    public init(
        format: ImageFormat? = nil, quality: Int? = nil, scale: Double? = nil, width: Int? = nil, height: Int? = nil, showCursor: Bool? = nil
    ) {
        self.format = format
        self.quality = quality
        self.scale = scale
        self.width = width
        self.height = height
        self.showCursor = showCursor
    }
}

/// `POST /v1/desktop/actions`: up to 200 actions run in order, then optionally a settle wait and
/// a screenshot. The server checks the whole batch before it runs any of it.
public struct DesktopActionsRequest: Sendable, Codable {
    /// May be empty only with `screenshot`.
    public var actions: [DesktopAction]
    public var settle: SettleOptions?
    public var screenshot: BatchScreenshotOptions?

    public init(actions: [DesktopAction], settle: SettleOptions? = nil, screenshot: BatchScreenshotOptions? = nil) {
        self.actions = actions
        self.settle = settle
        self.screenshot = screenshot
    }
}

/// What one action of a batch did.
public struct DesktopActionResult: Sendable, Codable {
    /// The action's position in `actions`.
    public var index: Int
    /// The action's `type`.
    public var type: String
    /// Where the pointer is after a pointer action.
    public var position: MousePosition?

    public init(index: Int, type: String, position: MousePosition? = nil) {
        self.index = index
        self.type = type
        self.position = position
    }
}

/// The screenshot of a batch (schema `DesktopBatchScreenshot`): the image in base64 plus the
/// values of the geometry headers of `GET /v1/desktop/screenshot`.
public struct BatchScreenshot: Sendable, Codable {
    /// `image/png`, `image/jpeg` or `image/webp`.
    public var contentType: String
    /// The encoded image, base64.
    public var data: String
    public var screenWidth: Int
    public var screenHeight: Int
    public var imageWidth: Int
    public var imageHeight: Int
    /// Image pixels per screen pixel, horizontally.
    public var scaleX: Double
    /// Image pixels per screen pixel, vertically.
    public var scaleY: Double

    public init(
        contentType: String, data: String, screenWidth: Int, screenHeight: Int, imageWidth: Int, imageHeight: Int, scaleX: Double,
        scaleY: Double
    ) {
        self.contentType = contentType
        self.data = data
        self.screenWidth = screenWidth
        self.screenHeight = screenHeight
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.scaleX = scaleX
        self.scaleY = scaleY
    }
}

/// `POST /v1/desktop/actions` answer.
public struct DesktopActionsResponse: Sendable, Codable {
    /// One per action, in order.
    public var results: [DesktopActionResult]
    /// With `settle`: whether the screen stopped changing before the deadline.
    public var settled: Bool?
    public var screenshot: BatchScreenshot?

    public init(results: [DesktopActionResult], settled: Bool? = nil, screenshot: BatchScreenshot? = nil) {
        self.results = results
        self.settled = settled
        self.screenshot = screenshot
    }
}
