import Glibc

/// Error of every file-system operation; the HTTP layer maps `code` to a status.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable snake_case identifier. Extensible: add static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// Every code, so that switches over them inside the package are exhaustive (a new code
        /// fails to compile where it is not handled, instead of falling into a `default`).
        package enum Base: String, Sendable, CaseIterable {
            case notFound = "not_found"
            case notADirectory = "not_a_directory"
            case notAFile = "not_a_file"
            case alreadyExists = "already_exists"
            case directoryNotEmpty = "directory_not_empty"
            case outsideRoot = "outside_root"
            case permissionDenied = "permission_denied"
            case invalidPath = "invalid_path"
            case invalidArchive = "invalid_archive"
            case crossDevice = "cross_device"
            case io = "io"
        }

        /// Which code this is.
        package let base: Base
        private init(_ base: Base) { self.base = base }
        /// The snake_case identifier, e.g. `not_found`.
        public var description: String { base.rawValue }

        /// The path does not exist (404).
        public static let notFound = Code(.notFound)
        /// A directory was expected (400).
        public static let notADirectory = Code(.notADirectory)
        /// A regular file was expected (400).
        public static let notAFile = Code(.notAFile)
        /// The target exists and may not be replaced (409).
        public static let alreadyExists = Code(.alreadyExists)
        /// A directory to delete has entries and deletion is not recursive (409).
        public static let directoryNotEmpty = Code(.directoryNotEmpty)
        /// The path escapes the file-system root, lexically or through a symlink (403).
        public static let outsideRoot = Code(.outsideRoot)
        /// The operating system refused access: EACCES or EPERM (403).
        public static let permissionDenied = Code(.permissionDenied)
        /// The path itself is unusable: empty, a NUL byte, a name over 255 bytes, a symlink loop,
        /// or the root where an entry is needed (400).
        public static let invalidPath = Code(.invalidPath)
        /// A tar archive is malformed, unsupported or escapes its destination (400).
        public static let invalidArchive = Code(.invalidArchive)
        /// A move between two file systems (EXDEV), which rename(2) cannot do (409).
        public static let crossDevice = Code(.crossDevice)
        /// Any other failure of the operating system (500).
        public static let io = Code(.io)
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
