import CFileSystem
import Glibc

/// Opens relative paths below a directory descriptor. Confined, the kernel (openat2 with
/// `RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS`) or a ``BeneathWalk`` refuses any way out of that
/// directory, through `..` or a symlink, at the moment of the lookup; unconfined, it is plain openat(2).
struct BeneathOpener: Sendable {
    /// `.openat2` or `.walk`; nil for no confinement.
    let resolution: BeneathResolution?

    /// openat2(2) fails with EAGAIN when a rename races with a `..`; it is retried this often.
    static let retries = 64

    /// An opener confined with `resolution` (``BeneathResolution/automatic`` picked here), or nil for none.
    init(confinedWith resolution: BeneathResolution?) {
        self.resolution = resolution?.effective
    }

    /// Opens `relative` (empty for `base` itself) below `base` with open(2) `flags` and `mode`,
    /// following a final symlink unless `flags` has `O_NOFOLLOW`.
    /// - Throws: `outsideRoot` when confined and the way leads out, and the errors of open(2).
    func open(
        _ relative: String, in base: borrowing FileDescriptor, flags: Int32, mode: mode_t = 0
    ) throws(FileSystemError) -> FileDescriptor {
        let path = LexicalPath.join(base.path, relative)
        let name = relative.isEmpty ? "." : relative
        switch resolution {
        case nil, .automatic:
            let raw = openat(base.raw, name, flags | O_CLOEXEC, mode)
            try FileSystemError.check(raw, path)
            return FileDescriptor(raw: raw, path: path)
        case .openat2:
            let resolve = UInt64(SA_RESOLVE_BENEATH | SA_RESOLVE_NO_MAGICLINKS)
            for _ in 0..<Self.retries {
                let raw = sa_openat2(base.raw, name, flags | O_CLOEXEC, mode, resolve)
                if raw >= 0 { return FileDescriptor(raw: raw, path: path) }
                if errno == EAGAIN { continue }
                if errno == EXDEV { throw BeneathWalk.escape(path) }
                throw FileSystemError(errno: errno, path: path)
            }
            throw FileSystemError(errno: EAGAIN, path: path)
        case .walk:
            let raw = try BeneathWalk(base: base.raw, basePath: base.path).open(relative, flags: flags, mode: mode)
            return FileDescriptor(raw: raw, path: path)
        }
    }

    /// The directory `relative` below `base`, created with its missing parents (like `mkdir -p`),
    /// one mkdirat(2) at a time inside the directory opened just before.
    /// - Throws: `alreadyExists` if a non-directory is in the way at the end, `notADirectory` before.
    func makeDirectories(_ relative: String, in base: borrowing FileDescriptor) throws(FileSystemError) -> FileDescriptor {
        if let existing = try? open(relative, in: base, flags: O_PATH | O_DIRECTORY) { return existing }
        let components = relative.split(separator: "/")
        var current = try open("", in: base, flags: O_PATH | O_DIRECTORY)
        for index in components.indices {
            let prefix = components[...index].joined(separator: "/")
            let path = LexicalPath.join(base.path, prefix)
            do throws(FileSystemError) {
                if let next = try openDirectoryIfPresent(prefix, in: base) {
                    current = next
                    continue
                }
                if mkdirat(current.raw, String(components[index]), 0o777) != 0 && errno != EEXIST {
                    throw FileSystemError(errno: errno, path: path)
                }
                current = try open(prefix, in: base, flags: O_PATH | O_DIRECTORY)
            } catch where error.code == .notADirectory && index == components.indices.last {
                throw FileSystemError(.alreadyExists, "already exists and is not a directory: \(path)", path: path)
            }
        }
        return current
    }

    /// The directory `relative` below `base`, or nil if it is missing.
    private func openDirectoryIfPresent(_ relative: String, in base: borrowing FileDescriptor) throws(FileSystemError) -> FileDescriptor? {
        do {
            return try open(relative, in: base, flags: O_PATH | O_DIRECTORY)
        } catch where error.code == .notFound {
            return nil
        }
    }
}
