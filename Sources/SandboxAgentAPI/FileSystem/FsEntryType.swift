/// The kind of a file-system entry. Symlinks are reported as what they point to;
/// other kinds (FIFO, socket, device) as `file`. Open to values a newer server adds
/// (``OpenEnumeration``).
public enum FsEntryType: OpenEnumeration {
    /// Anything that is not a directory.
    case file
    /// A directory.
    case directory
    /// A kind this build does not know.
    case unknown(String)

    public static let allCases: [Self] = [.file, .directory]

    public var rawValue: String {
        switch self {
        case .file: "file"
        case .directory: "directory"
        case .unknown(let value): value
        }
    }
}
