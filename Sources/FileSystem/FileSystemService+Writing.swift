import CFileSystem
import Glibc
public import SandboxAgentAPI

extension FileSystemService {
    /// Creates a directory and its missing parents, like `mkdir -p`, one mkdirat(2) at a time below the root.
    /// - Returns: the absolute path.
    /// - Throws: `alreadyExists` if a non-directory is there, `outsideRoot`, `invalidPath`.
    public func makeDirectory(_ path: String) throws(FileSystemError) -> String {
        let location = try locate(path)
        _ = try opener.makeDirectories(location.relative, in: try openBase(location))
        return location.path
    }

    /// Deletes a file, a symlink (never what it points to) or a directory; never the root.
    /// - Parameter recursive: delete a non-empty directory with everything in it, without following symlinks.
    /// - Returns: the absolute path.
    /// - Throws: `invalidPath` for the root (or `/`), `directoryNotEmpty` for a non-empty directory
    ///   without `recursive`, `notFound`, `outsideRoot`.
    public func delete(_ path: String, recursive: Bool) throws(FileSystemError) -> String {
        let location = try locate(path)
        guard !location.isBase else {
            throw FileSystemError(.invalidPath, "cannot delete the file-system root: \(location.path)", path: location.path)
        }
        let parent = try openParent(of: location, creating: false)
        try FileTree.remove(location.name, in: parent, recursive: recursive)
        return location.path
    }

    /// Moves (renames) a file or directory with renameat(2) between the two parent directories,
    /// creating the missing parents of `to`.
    /// - Parameter overwrite: replace an existing `to`, file or directory.
    /// - Returns: both absolute paths.
    /// - Throws: `alreadyExists` for an existing `to` without `overwrite`, `invalidPath` if one path
    ///   contains the other or is the root, `crossDevice` if they are on different file systems
    ///   (nothing is removed then, not even an `overwrite`n destination), `notFound`, `outsideRoot`.
    public func move(from: String, to: String, overwrite: Bool) throws(FileSystemError) -> (from: String, to: String) {
        let source = try locate(from)
        let destination = try locate(to)
        let sourceParent = try openParent(of: source, creating: false)
        let sourceInfo = try sourceParent.info(of: source.name)
        if source.path != destination.path
            && (LexicalPath.isWithin(destination.path, source.path) || LexicalPath.isWithin(source.path, destination.path))
        {
            throw FileSystemError(
                .invalidPath, "cannot move \(source.path) to \(destination.path): one contains the other", path: destination.path)
        }
        let destinationParent = try openParent(of: destination, creating: true)
        if let existing = try? destinationParent.info(of: destination.name) {
            // Two names of one file: rename(2) would do nothing, and removing the destination would lose it.
            if existing.identity == sourceInfo.identity { return (source.path, destination.path) }
            guard overwrite else { throw FileSystemError(.alreadyExists, "already exists: \(destination.path)", path: destination.path) }
        }
        do {
            try FileTree.rename(source.name, in: sourceParent, to: destination.name, in: destinationParent, replacing: overwrite)
        } catch where overwrite && [.directoryNotEmpty, .alreadyExists, .notADirectory, .notAFile].contains(error.code) {
            // rename(2) replaces a file or an empty directory by itself; a non-empty directory, or
            // an entry of the other kind, is removed first. Only now, after rename(2) has accepted
            // both places (same file system, permissions), so a failing move never loses it.
            try FileTree.remove(destination.name, in: destinationParent, recursive: true)
            try FileTree.rename(source.name, in: sourceParent, to: destination.name, in: destinationParent, replacing: true)
        } catch where error.code == .crossDevice {
            throw FileSystemError(
                .crossDevice,
                "cannot move \(source.path) to \(destination.path): they are on different file systems; copy and delete instead",
                path: destination.path)
        }
        return (source.path, destination.path)
    }

    /// Starts writing a file: creates the missing parent directories and an exclusive temporary
    /// sibling in the (open) parent; ``FileUpload/commit()`` renames it into place there.
    /// - Throws: `notAFile` if a directory is there, `outsideRoot`, `invalidPath`.
    public func openUpload(_ path: String) throws(FileSystemError) -> FileUpload {
        let location = try locate(path)
        let parent = try openParent(of: location, creating: true)
        if let existing = try? parent.info(of: location.name), existing.isDirectory { throw FileSystemError.notAFile(location.path) }
        return try FileUpload(in: parent, name: location.name, path: location.path)
    }

    /// Writes `bytes` to a file atomically (temporary sibling, then rename), creating parents.
    /// - Returns: the absolute path.
    /// - Throws: the errors of ``openUpload(_:)``.
    public func writeFile(_ path: String, _ bytes: [UInt8]) throws(FileSystemError) -> String {
        let upload = try openUpload(path)
        try bytes.withUnsafeBytes { buffer in Result { () throws(FileSystemError) in try upload.write(buffer) } }.get()
        try upload.commit()
        return upload.path
    }

    /// Extracts a tar archive (ustar, GNU or pax) into `destination`, which is created if missing.
    ///
    /// Two passes: the first reads every header and checks names, link targets, types and sizes,
    /// writing nothing if any entry is bad; the second writes, streaming file data in chunks, every
    /// entry created relative to descriptors below the destination.
    /// - Parameters:
    ///   - archivePath: a server-side file (such as the uploaded body); not subject to the root.
    ///   - listLimit: how many extracted paths to return at most.
    /// - Throws: `invalidArchive` for a malformed archive or an entry that escapes the destination,
    ///   `outsideRoot`, `invalidPath`.
    public func extractTar(
        archiveAt archivePath: String, into destination: String, listLimit: Int = 1024
    ) throws(FileSystemError) -> FsUploadBatchResult {
        // Checked by name first, so that a destination outside the root is refused before the archive is read.
        _ = try resolve(destination)
        let location = try locate(destination)
        let archive = try FileDescriptor(opening: archivePath, flags: O_RDONLY)
        let plan = try TarExtractionPlan(archive: archive, destination: location.path)
        let directory = try opener.makeDirectories(location.relative, in: try openBase(location))
        // Members never go through a symlink (the plan resolved them), so below the destination even without a root.
        let confined = BeneathOpener(confinedWith: opener.resolution ?? .automatic)
        return try plan.extract(from: archive, into: directory, opener: confined, listLimit: listLimit)
    }
}
