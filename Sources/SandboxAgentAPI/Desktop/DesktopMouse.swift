/// A mouse button (schema `DesktopMouseButton`): upstream's names plus back/forward and the wheel buttons.
public enum MouseButton: String, Sendable, Codable, CaseIterable {
    case left, middle, right, back, forward
    case wheelUp, wheelDown, wheelLeft, wheelRight
}

/// Where the pointer is (`DesktopMousePositionResponse`): the answer of the pointer actions.
public struct MousePosition: Sendable, Hashable, Codable {
    public var x: Int
    public var y: Int
    /// The X screen number.
    public var screen: Int?
    /// The top-level window under the pointer (decimal X window id), if any.
    public var window: String?

    public init(x: Int, y: Int, screen: Int? = nil, window: String? = nil) {
        self.x = x
        self.y = y
        self.screen = screen
        self.window = window
    }
}

/// `POST /v1/desktop/mouse/move`.
public struct MouseMoveRequest: Sendable, Codable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// `POST /v1/desktop/mouse/click`: at (x, y) when given (both or neither), else where the pointer is.
public struct MouseClickRequest: Sendable, Codable {
    public var x: Int?
    public var y: Int?
    /// Default `left`.
    public var button: MouseButton?
    /// 1 (default) to 3; 2 is a double click, 3 a triple click.
    public var clickCount: Int?

    public init(x: Int? = nil, y: Int? = nil, button: MouseButton? = nil, clickCount: Int? = nil) {
        self.x = x
        self.y = y
        self.button = button
        self.clickCount = clickCount
    }
}

/// `POST /v1/desktop/mouse/down|up`: x and y both or neither.
public struct MouseButtonRequest: Sendable, Codable {
    public var x: Int?
    public var y: Int?
    /// Default `left`.
    public var button: MouseButton?

    public init(x: Int? = nil, y: Int? = nil, button: MouseButton? = nil) {
        self.x = x
        self.y = y
        self.button = button
    }
}

/// `POST /v1/desktop/mouse/drag`.
public struct MouseDragRequest: Sendable, Codable {
    public var startX: Int
    public var startY: Int
    public var endX: Int
    public var endY: Int
    /// Default `left`.
    public var button: MouseButton?

    public init(startX: Int, startY: Int, endX: Int, endY: Int, button: MouseButton? = nil) {
        self.startX = startX
        self.startY = startY
        self.endX = endX
        self.endY = endY
        self.button = button
    }
}

/// `POST /v1/desktop/mouse/scroll`: wheel clicks, positive deltaY scrolls down, positive deltaX right.
public struct MouseScrollRequest: Sendable, Codable {
    public var x: Int?
    public var y: Int?
    public var deltaX: Int?
    public var deltaY: Int?

    public init(x: Int? = nil, y: Int? = nil, deltaX: Int? = nil, deltaY: Int? = nil) {
        self.x = x
        self.y = y
        self.deltaX = deltaX
        self.deltaY = deltaY
    }
}
