/// An image format the desktop encodes screenshots in (schema `DesktopImageFormat`).
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case png, jpeg, webp

    /// The media type of the encoded bytes.
    public var contentType: String { "image/\(rawValue)" }
}
