/// Which X selection the clipboard API reads or writes.
public enum ClipboardSelection: String, Sendable, Codable, CaseIterable {
    case clipboard, primary
}

/// `GET /v1/desktop/clipboard`.
public struct DesktopClipboardResponse: Sendable, Codable {
    public var text: String
    public var selection: String
    public init(text: String, selection: String) {
        self.text = text
        self.selection = selection
    }
}
