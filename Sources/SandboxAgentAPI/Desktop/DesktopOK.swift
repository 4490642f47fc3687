/// The `{"ok": true}` answer of the actions that return nothing else (schema `DesktopActionResponse`).
public struct DesktopOK: Sendable, Codable, Equatable {
    /// Always true.
    public var ok = true

    public init() {}
}
