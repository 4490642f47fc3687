/// The kind of a file-system entry. Symlinks are reported as what they point to;
/// other kinds (FIFO, socket, device) as `file`.
public enum FsEntryType: String, Codable, Sendable, CaseIterable {
    /// Anything that is not a directory.
    case file
    /// A directory.
    case directory
}
