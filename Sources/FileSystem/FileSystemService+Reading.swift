import Glibc
public import SandboxAgentAPI

extension FileSystemService {
    /// The entries of a directory, sorted by name; see ``listing(at:)``.
    public func entries(at path: String) throws(FileSystemError) -> [FsEntry] {
        try listing(at: path).entries
    }

    /// The entries of a directory, sorted by name. A symlink is reported as what it points to when
    /// that is reachable without leaving the root; otherwise (dangling, a loop, or leading out of the
    /// root, which includes every absolute target under a root) as the link itself, a `file`, so
    /// nothing about the outside is reported. Names that are not valid UTF-8 are left out and counted.
    /// - Throws: `notADirectory` for a file, `notFound`, `outsideRoot`, `invalidPath`.
    public func listing(at path: String) throws(FileSystemError) -> FsListing {
        let location = try locate(path)
        let base = try openBase(location)
        let directory = try opener.open(location.relative, in: base, flags: O_RDONLY | O_DIRECTORY)
        var listing = FsListing(entries: [], skippedNames: 0)
        for raw in try directory.rawNames() {
            guard let name = String(validating: raw, as: UTF8.self) else {
                listing.skippedNames += 1
                continue
            }
            // An entry removed meanwhile is skipped.
            guard var info = try? directory.info(of: name) else { continue }
            if info.type == S_IFLNK, let pointee = try? opener.open(LexicalPath.joinRelative(location.relative, name), in: base, flags: O_PATH) {
                info = (try? pointee.info()) ?? info
            }
            let entryPath = LexicalPath.join(location.path, name)
            listing.entries.append(FsEntry(name: name, path: entryPath, entryType: info.entryType, size: info.size, modified: info.modified))
        }
        listing.entries.sort { $0.name < $1.name }
        return listing
    }

    /// The status of a path, following a symlink (below the root).
    /// - Throws: `notFound`, `outsideRoot`, `invalidPath`.
    public func stat(_ path: String) throws(FileSystemError) -> FsStat {
        let location = try locate(path)
        let info = try opener.open(location.relative, in: try openBase(location), flags: O_PATH).info()
        return FsStat(path: location.path, entryType: info.entryType, size: info.size, modified: info.modified)
    }

    /// Opens a regular file for reading, following a symlink (below the root). The caller reads
    /// through the returned handle, never by name again.
    /// - Throws: `notAFile` for a directory or a special file, `notFound`, `outsideRoot`, `invalidPath`.
    public func openForReading(_ path: String) throws(FileSystemError) -> FileReadHandle {
        let location = try locate(path)
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        let file = try opener.open(location.relative, in: try openBase(location), flags: O_RDONLY | O_NONBLOCK | O_NOCTTY)
        let info = try file.info()
        guard info.isRegularFile else { throw FileSystemError.notAFile(location.path) }
        return FileReadHandle(file, path: location.path, size: info.size)
    }

    /// The whole contents of a regular file (for small files, such as an agent's text reads).
    /// - Throws: the errors of ``openForReading(_:)``.
    public func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
        let handle = try openForReading(path)
        return try handle.read(Int(clamping: handle.size), at: 0)
    }
}
