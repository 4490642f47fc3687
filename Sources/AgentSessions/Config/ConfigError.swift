/// Error of the per-directory MCP and skills configuration; the HTTP layer maps `kind` to a status.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable {
        /// A query parameter or body field breaks a rule (400); `field` names it.
        case invalid
        /// No entry of that name in that directory (404).
        case notFound
        /// The stored file is not a JSON object of entries (500).
        case corrupt
    }

    public var kind: Kind
    public var message: String
    /// The query parameter or body field at fault, e.g. `directory` or `sources[0].source`.
    public var field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    /// A 400 naming `field`.
    static func invalid(_ field: String, _ message: String) -> ConfigError {
        ConfigError(.invalid, "\(field): \(message)", field: field)
    }

    public var description: String { message }
}
