/// One entry of a directory listing (JSON: name, path, entryType, size, modified).
public struct FsEntry: Codable, Sendable, Equatable {
    /// The file name, without its directory.
    public var name: String
    /// The absolute path.
    public var path: String
    /// File or directory, after following a symlink.
    public var entryType: FsEntryType
    /// The size in bytes, as stat(2) reports it.
    public var size: UInt64
    /// The modification time, RFC 3339 UTC with milliseconds, e.g. `2026-11-26T19:40:02.123Z`.
    public var modified: String?

    /// An entry with the given fields.
    public init(name: String, path: String, entryType: FsEntryType, size: UInt64, modified: String?) {
        self.name = name
        self.path = path
        self.entryType = entryType
        self.size = size
        self.modified = modified
    }
}
