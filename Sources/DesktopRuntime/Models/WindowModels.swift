/// One top-level window (`DesktopWindowInfo`): id, title, position of its content on the screen, size.
public struct DesktopWindowInfo: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public var isActive: Bool
}

/// `GET /v1/desktop/windows`.
public struct DesktopWindowListResponse: Sendable, Codable {
    public var windows: [DesktopWindowInfo]
    public init(windows: [DesktopWindowInfo]) { self.windows = windows }
}
