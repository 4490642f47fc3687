import Glibc
import SandboxAgentAPI

/// What stat(2) says about an open file or a name in an open directory.
struct FileInfo {
    /// The file-type bits of the mode (`S_IFMT`).
    var type: mode_t
    /// The size in bytes.
    var size: UInt64
    /// The modification time, RFC 3339.
    var modified: String?
    /// Device and inode: equal for two names of the same file.
    var identity: (device: UInt64, inode: UInt64)

    /// The status as returned by a stat(2) call.
    init(_ status: stat) {
        type = status.st_mode & S_IFMT
        size = UInt64(status.st_size)
        modified = Timestamp.rfc3339(status.st_mtim)
        identity = (UInt64(status.st_dev), UInt64(status.st_ino))
    }

    /// True for a directory.
    var isDirectory: Bool { type == S_IFDIR }
    /// True for a regular file.
    var isRegularFile: Bool { type == S_IFREG }
    /// How the API reports this kind.
    var entryType: FsEntryType { isDirectory ? .directory : .file }
}
