import CFileSystem
import Glibc

/// Operations on entries named inside an open directory: removing trees, replacing, renaming.
/// Nothing here looks a path up from `/`, and no symlink is followed.
enum FileTree {
    /// Removes the file, symlink (not what it points to) or directory `name` in `parent`;
    /// a non-empty directory only if `recursive`, and then without following any symlink inside.
    static func remove(_ name: String, in parent: borrowing FileDescriptor, recursive: Bool) throws(FileSystemError) {
        try remove(Array(name.utf8), in: parent, recursive: recursive)
    }

    /// ``remove(_:in:recursive:)`` for a name as raw bytes (a name on disk need not be UTF-8).
    private static func remove(_ name: [UInt8], in parent: borrowing FileDescriptor, recursive: Bool) throws(FileSystemError) {
        let isDirectory = try parent.info(of: name).isDirectory
        if isDirectory && recursive {
            let directory = try parent.openDirectory(name)
            for child in try directory.rawNames() {
                try remove(child, in: directory, recursive: true)
            }
        }
        try parent.remove(name, isDirectory: isDirectory)
    }

    /// Removes the file or symlink `name` in `parent`, if any; returns true if a directory is there instead (left alone).
    static func clear(_ name: String, in parent: borrowing FileDescriptor) throws(FileSystemError) -> Bool {
        if unlinkat(parent.raw, name, 0) == 0 { return false }
        switch errno {
        case ENOENT: return false
        case EISDIR: return true
        default: throw FileSystemError(errno: errno, path: LexicalPath.join(parent.path, name))
        }
    }

    /// Renames `name` in `parent` to `newName` in `newParent`; without `replacing`, an entry that
    /// appeared at the destination meanwhile makes it fail with `alreadyExists` (RENAME_NOREPLACE).
    static func rename(
        _ name: String, in parent: borrowing FileDescriptor, to newName: String, in newParent: borrowing FileDescriptor,
        replacing: Bool
    ) throws(FileSystemError) {
        if !replacing {
            if sa_rename_noreplace(parent.raw, name, newParent.raw, newName) == 0 { return }
            guard errno == ENOSYS || errno == EINVAL else { throw FileSystemError(errno: errno, path: LexicalPath.join(newParent.path, newName)) }
        }
        try FileSystemError.check(renameat(parent.raw, name, newParent.raw, newName), LexicalPath.join(parent.path, name))
    }
}
