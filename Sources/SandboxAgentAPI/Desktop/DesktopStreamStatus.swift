/// `GET /v1/desktop/stream/status` and the answer of `stream/start|stop` (schema
/// `DesktopStreamStatusResponse`): upstream's shape plus the number of connected viewers and how
/// many times viewers took the screen since the server started (`captures`: it stands still while
/// the screen does, as viewers wait for X to report a change).
public struct DesktopStreamStatus: Sendable, Codable, Equatable {
    /// Whether the live view is on.
    public var active: Bool
    /// Connected WebSocket viewers.
    public var viewers: Int
    /// Screen captures by live-view viewers since the server started.
    public var captures: Int

    public init(active: Bool, viewers: Int, captures: Int) {
        self.active = active
        self.viewers = viewers
        self.captures = captures
    }
}
