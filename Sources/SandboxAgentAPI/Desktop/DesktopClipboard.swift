/// Which X selection the clipboard API reads or writes (schema `DesktopClipboardSelection`).
public enum ClipboardSelection: String, Sendable, Codable, CaseIterable {
    /// `CLIPBOARD`: copy and paste.
    case clipboard
    /// `PRIMARY`: the last text selected, pasted with the middle button.
    case primary
}

/// `GET /v1/desktop/clipboard`.
public struct DesktopClipboardResponse: Sendable, Codable {
    /// Empty when nobody owns the selection or its owner offers no text.
    public var text: String
    /// `clipboard` or `primary`.
    public var selection: String

    public init(text: String, selection: String) {
        self.text = text
        self.selection = selection
    }
}

/// `POST /v1/desktop/clipboard` (schema `DesktopClipboardSetRequest`).
public struct ClipboardSetRequest: Sendable, Codable {
    public var text: String
    /// `clipboard` (default), `primary` or `both`.
    public var selection: String?

    public init(text: String, selection: String? = nil) {
        self.text = text
        self.selection = selection
    }
}
