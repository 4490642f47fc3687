import Glibc

extension FileSystemService {
    /// Creates a directory and its missing parents, like `mkdir -p`.
    /// - Returns: the absolute path.
    /// - Throws: `alreadyExists` if a non-directory is there, and the errors of ``resolve(_:)``.
    public func makeDirectory(_ path: String) throws(FileSystemError) -> String {
        let resolved = try resolve(path)
        try FileTree.makeDirectories(resolved)
        return resolved
    }

    /// Deletes a file, a symlink (never what it points to) or a directory.
    /// - Parameter recursive: delete a non-empty directory with everything in it, without following symlinks.
    /// - Returns: the absolute path.
    /// - Throws: `directoryNotEmpty` for a non-empty directory without `recursive`, `notFound`,
    ///   and the errors of ``resolve(_:)``.
    public func delete(_ path: String, recursive: Bool) throws(FileSystemError) -> String {
        let resolved = try resolve(path)
        try FileTree.remove(resolved, recursive: recursive)
        return resolved
    }

    /// Moves (renames) a file or directory, creating the missing parents of `to`.
    /// - Parameter overwrite: replace an existing `to`, file or directory.
    /// - Returns: both absolute paths.
    /// - Throws: `alreadyExists` for an existing `to` without `overwrite`, `invalidPath` if one path
    ///   contains the other, `notFound`, and the errors of ``resolve(_:)``.
    public func move(from: String, to: String, overwrite: Bool) throws(FileSystemError) -> (from: String, to: String) {
        let source = try resolve(from)
        let destination = try resolve(to)
        let sourceInfo = try FileInfo(atPath: source, followingSymlinks: false)
        if source != destination && (LexicalPath.isWithin(destination, source) || LexicalPath.isWithin(source, destination)) {
            throw FileSystemError(.invalidPath, "cannot move \(source) to \(destination): one contains the other", path: destination)
        }
        if let existing = try? FileInfo(atPath: destination, followingSymlinks: false) {
            // Two names of one file: rename(2) would do nothing, and removing the destination would lose it.
            if existing.identity == sourceInfo.identity { return (source, destination) }
            guard overwrite else { throw FileSystemError(.alreadyExists, "already exists: \(destination)", path: destination) }
            try FileTree.remove(destination, recursive: true)
        }
        try FileTree.makeDirectories(LexicalPath.split(destination).parent)
        try FileSystemError.check(rename(source, destination), source)
        return (source, destination)
    }

    /// For the streamed PUT: resolves the path and creates its missing parent directories;
    /// the caller writes the bytes.
    /// - Returns: the absolute path.
    /// - Throws: `notAFile` if a directory is there, and the errors of ``resolve(_:)``.
    public func prepareWrite(_ path: String) throws(FileSystemError) -> String {
        let resolved = try resolve(path)
        if let existing = try? FileInfo(atPath: resolved), existing.isDirectory { throw FileSystemError.notAFile(resolved) }
        try FileTree.makeDirectories(LexicalPath.split(resolved).parent)
        return resolved
    }

    /// Extracts a tar archive (ustar, GNU or pax) into `destination`, which is created if missing.
    ///
    /// Two passes: the first reads every header and checks names, link targets, types and sizes,
    /// writing nothing if any entry is bad; the second writes, streaming file data in chunks.
    /// - Parameters:
    ///   - archivePath: a server-side file (such as the uploaded body); not subject to the root.
    ///   - listLimit: how many extracted paths to return at most.
    /// - Throws: `invalidArchive` for a malformed archive or an entry that escapes the destination,
    ///   and the errors of ``resolve(_:)``.
    public func extractTar(
        archiveAt archivePath: String, into destination: String, listLimit: Int = 1024
    ) throws(FileSystemError) -> FsUploadBatchResult {
        let resolvedDestination = try resolve(destination)
        let archive = try FileDescriptor(opening: archivePath, flags: O_RDONLY)
        let plan = try TarExtractionPlan(archive: archive, destination: resolvedDestination)
        return try plan.extract(from: archive, listLimit: listLimit)
    }
}
