import Glibc

/// Error of every file-system operation; the HTTP layer maps `code` to a status.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable snake_case identifier. Extensible: add static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The snake_case identifier, e.g. `not_found`.
        public var description: String

        /// A code with the given snake_case identifier.
        public init(_ description: String) {
            self.description = description
        }

        /// The path does not exist (404).
        public static let notFound = Code("not_found")
        /// A directory was expected (400).
        public static let notADirectory = Code("not_a_directory")
        /// A regular file was expected (400).
        public static let notAFile = Code("not_a_file")
        /// The target exists and may not be replaced (409).
        public static let alreadyExists = Code("already_exists")
        /// A directory to delete has entries and deletion is not recursive (409).
        public static let directoryNotEmpty = Code("directory_not_empty")
        /// The path escapes the file-system root, lexically or through a symlink (403).
        public static let outsideRoot = Code("outside_root")
        /// The operating system refused access: EACCES or EPERM (403).
        public static let permissionDenied = Code("permission_denied")
        /// The path itself is unusable: empty, a NUL byte, a name over 255 bytes, a symlink loop,
        /// or the root where an entry is needed (400).
        public static let invalidPath = Code("invalid_path")
        /// A tar archive is malformed, unsupported or escapes its destination (400).
        public static let invalidArchive = Code("invalid_archive")
        /// A move between two file systems (EXDEV), which rename(2) cannot do (409).
        public static let crossDevice = Code("cross_device")
        /// Any other failure of the operating system (500).
        public static let io = Code("io")
    }

    /// The kind of failure.
    public var code: Code
    /// A human sentence naming the path and what is wrong.
    public var message: String
    /// The absolute path concerned, when there is one.
    public var path: String?

    /// An error with the given code and message.
    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    /// The code and the message, e.g. `not_found: no such file or directory: /tmp/x`.
    public var description: String {
        "\(code): \(message)"
    }
}

extension FileSystemError {
    /// The error for a failed system call, classified by its `errno`.
    init(errno number: Int32, path: String) {
        let (code, text): (Code, String) =
            switch number {
            case ENOENT: (.notFound, "no such file or directory")
            case ENOTDIR: (.notADirectory, "not a directory")
            case EEXIST: (.alreadyExists, "already exists")
            case ENOTEMPTY: (.directoryNotEmpty, "directory not empty")
            case EACCES, EPERM, EROFS: (.permissionDenied, "permission denied")
            case ENAMETOOLONG: (.invalidPath, "invalid path: a name or the path is too long")
            case ELOOP: (.invalidPath, "invalid path: too many levels of symbolic links")
            case EISDIR: (.notAFile, "is a directory")
            case EXDEV: (.crossDevice, "on another file system")
            case EINVAL: (.invalidPath, "invalid path or operation (such as moving a directory into itself)")
            default: (.io, String(cString: strerror(number)).lowercased())
            }
        self.init(code, "\(text): \(path)", path: path)
    }

    /// Throws the `errno` error for `path` when a system call returned a negative result.
    static func check(_ result: Int32, _ path: String) throws(FileSystemError) {
        guard result >= 0 else { throw FileSystemError(errno: errno, path: path) }
    }

    /// A regular file was expected at `path`.
    static func notAFile(_ path: String) -> FileSystemError {
        FileSystemError(.notAFile, "not a regular file: \(path)", path: path)
    }
}
