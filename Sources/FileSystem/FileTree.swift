import Glibc

/// Whole-path operations: creating parents, removing trees, replacing entries.
enum FileTree {
    /// Creates `path` and its missing parents, like `mkdir -p`; an existing directory is fine.
    static func makeDirectories(_ path: String) throws(FileSystemError) {
        if try makeDirectory(path) { return }
        try makeDirectories(LexicalPath.split(path).parent)
        guard try makeDirectory(path) else { throw FileSystemError(errno: ENOENT, path: path) }
    }

    /// Removes the file, symlink (not what it points to) or directory at `path`;
    /// a non-empty directory only if `recursive`, and then without following any symlink inside.
    static func remove(_ path: String, recursive: Bool) throws(FileSystemError) {
        let (parentPath, name) = LexicalPath.split(path)
        guard !name.isEmpty else { throw FileSystemError(.invalidPath, "cannot delete the root directory: \(path)", path: path) }
        let parent = try FileDescriptor(opening: parentPath, flags: O_RDONLY | O_DIRECTORY)
        try remove(name, in: parent, recursive: recursive)
    }

    /// Removes the file or symlink at `path`, if any; returns true if a directory is there instead (left alone).
    static func clear(_ path: String) throws(FileSystemError) -> Bool {
        if unlink(path) == 0 { return false }
        switch errno {
        case ENOENT: return false
        case EISDIR: return true
        default: throw FileSystemError(errno: errno, path: path)
        }
    }

    /// Sets the access and modification times of `path` to `seconds`; of a symlink itself unless `followingSymlinks`.
    static func setModified(_ path: String, _ seconds: Int, followingSymlinks: Bool) throws(FileSystemError) {
        let flags = followingSymlinks ? 0 : AT_SYMLINK_NOFOLLOW
        try FileSystemError.check(utimensat(AT_FDCWD, path, Timestamp.accessAndModification(seconds), flags), path)
    }

    /// Creates one directory; true if it exists now, false if its parent is missing.
    private static func makeDirectory(_ path: String) throws(FileSystemError) -> Bool {
        if mkdir(path, 0o777) == 0 { return true }
        switch errno {
        case ENOENT:
            return false
        case EEXIST:
            guard try FileInfo(atPath: path).isDirectory else {
                throw FileSystemError(.alreadyExists, "already exists and is not a directory: \(path)", path: path)
            }
            return true
        default:
            throw FileSystemError(errno: errno, path: path)
        }
    }

    private static func remove(_ name: String, in parent: borrowing FileDescriptor, recursive: Bool) throws(FileSystemError) {
        let isDirectory = try parent.info(of: name).isDirectory
        if isDirectory && recursive {
            let directory = try parent.openDirectory(name)
            for child in try directory.names() {
                try remove(child, in: directory, recursive: true)
            }
        }
        try parent.remove(name, isDirectory: isDirectory)
    }
}
