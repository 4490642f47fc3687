import Glibc

extension FileSystemService {
    /// The entries of a directory, sorted by name; symlinks are reported as what they point to.
    /// - Throws: `notADirectory` for a file, `notFound`, and the errors of ``resolve(_:)``.
    public func entries(at path: String) throws(FileSystemError) -> [FsEntry] {
        let directoryPath = try resolve(path)
        let directory = try FileDescriptor(opening: directoryPath, flags: O_RDONLY | O_DIRECTORY)
        return try directory.names().sorted().compactMap { name in
            let entryPath = LexicalPath.join(directoryPath, name)
            // A dangling symlink is listed as itself; an entry removed meanwhile is skipped.
            guard let info = (try? FileInfo(atPath: entryPath)) ?? (try? FileInfo(atPath: entryPath, followingSymlinks: false)) else {
                return nil
            }
            return FsEntry(name: name, path: entryPath, entryType: info.entryType, size: info.size, modified: info.modified)
        }
    }

    /// The status of a path, following a symlink.
    /// - Throws: `notFound`, and the errors of ``resolve(_:)``.
    public func stat(_ path: String) throws(FileSystemError) -> FsStat {
        let resolved = try resolve(path)
        let info = try FileInfo(atPath: resolved)
        return FsStat(path: resolved, entryType: info.entryType, size: info.size, modified: info.modified)
    }

    /// For the streamed GET: resolves the path and checks it is a regular file.
    /// - Returns: the absolute path and the size in bytes.
    /// - Throws: `notAFile` for a directory or a special file, `notFound`, and the errors of ``resolve(_:)``.
    public func prepareRead(_ path: String) throws(FileSystemError) -> (path: String, size: UInt64) {
        let resolved = try resolve(path)
        let info = try FileInfo(atPath: resolved)
        guard info.isRegularFile else { throw FileSystemError.notAFile(resolved) }
        return (resolved, info.size)
    }
}
