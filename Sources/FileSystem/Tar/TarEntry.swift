import Glibc

/// One member of a tar archive as its headers describe it; the data stays in the archive.
struct TarEntry {
    /// The kinds of member that can be extracted.
    enum Kind {
        case file
        case directory
        case symlink
        case hardLink
    }

    /// The member name as stored (long-name and pax headers applied).
    var name: String
    var kind: Kind
    /// The target of a symlink or hard link; empty otherwise.
    var linkName: String
    /// The mode bits from the header.
    var mode: UInt32
    /// The modification time, seconds since the epoch.
    var modified: Int
    /// The number of data bytes (zero except for files).
    var size: UInt64
    /// Where the data starts in the archive.
    var dataOffset: UInt64

    /// The permission bits to apply: set-user-ID, set-group-ID and sticky bits dropped.
    var permissions: mode_t {
        mode_t(mode & 0o7777 & ~0o7000)
    }
}
