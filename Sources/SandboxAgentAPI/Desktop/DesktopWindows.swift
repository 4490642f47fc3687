/// One top-level window (`DesktopWindowInfo`): id, title, position of its content on the screen, size.
public struct DesktopWindowInfo: Sendable, Hashable, Codable {
    /// The X window id in decimal.
    public var id: String
    public var title: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public var isActive: Bool

    public init(id: String, title: String, x: Int, y: Int, width: Int, height: Int, isActive: Bool) {
        self.id = id
        self.title = title
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.isActive = isActive
    }
}

/// `GET /v1/desktop/windows`.
public struct DesktopWindowListResponse: Sendable, Codable {
    public var windows: [DesktopWindowInfo]

    public init(windows: [DesktopWindowInfo]) { self.windows = windows }
}

/// `POST /v1/desktop/windows/{id}/move`: the window's new top-left corner.
public struct WindowMoveRequest: Sendable, Codable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// `POST /v1/desktop/windows/{id}/resize`.
public struct WindowResizeRequest: Sendable, Codable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}
