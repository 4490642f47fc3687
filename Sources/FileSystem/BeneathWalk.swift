import Glibc

/// Opens a relative path below a directory the way `RESOLVE_BENEATH` does, for kernels without
/// openat2(2): one `openat(O_NOFOLLOW)` per component, each relative to the descriptor of the
/// one before; a symlink is read with readlinkat(2) and its target walked the same way. An absolute
/// target, or a `..` above the start, is an escape. No path is ever looked up by name from `/`,
/// so swapping a directory for a symlink meanwhile cannot lead outside.
struct BeneathWalk {
    /// Following more symlinks than this means a loop (the Linux limit).
    static let maxSymlinks = 40

    /// The directory the walk starts in and may not leave.
    let base: Int32
    /// The path for error messages of the base.
    let basePath: String

    /// Opens `relative` below `base` with open(2) `flags` (close-on-exec added) and `mode`;
    /// the last component is followed if it is a symlink unless `flags` has `O_NOFOLLOW`.
    func open(_ relative: String, flags: Int32, mode: mode_t) throws(FileSystemError) -> Int32 {
        var stack: [Int32] = []  // directories opened below `base`, innermost last; owned
        defer { stack.forEach { _ = close($0) } }
        var pending = Array(Array(relative.utf8).split(separator: UInt8(ascii: "/")).reversed())
        var followed = 0
        while let component = pending.popLast() {
            let errorPath = LexicalPath.join(basePath, relative)
            if component.elementsEqual(".".utf8) { continue }
            if component.elementsEqual("..".utf8) {
                guard let top = stack.popLast() else { throw Self.escape(errorPath) }
                close(top)
                continue
            }
            let current = stack.last ?? base
            let isLast = pending.allSatisfy { $0.elementsEqual(".".utf8) }
            let stepFlags = isLast ? flags | O_NOFOLLOW : O_PATH | O_DIRECTORY | O_NOFOLLOW
            let raw = Self.withCName(component) { openat(current, $0, stepFlags | O_CLOEXEC, mode) }
            let mayFollow = !isLast || flags & O_NOFOLLOW == 0
            if raw >= 0 {
                // With O_PATH, O_NOFOLLOW opens a final symlink itself instead of failing.
                if isLast && !(mayFollow && Self.isSymlink(raw)) { return raw }
                if !isLast {
                    stack.append(raw)
                    continue
                }
                close(raw)
            }
            let failure = raw >= 0 ? ELOOP : errno
            guard mayFollow, failure == ELOOP || failure == ENOTDIR, let target = Self.readLink(current, component) else {
                throw FileSystemError(errno: failure, path: errorPath)
            }
            followed += 1
            guard followed <= Self.maxSymlinks else { throw FileSystemError(errno: ELOOP, path: errorPath) }
            guard target.first != UInt8(ascii: "/") else { throw Self.escape(errorPath) }
            pending.append(contentsOf: target.split(separator: UInt8(ascii: "/")).reversed())
        }
        // Nothing left to open by name (empty path, or it ended with `..`): the current directory itself.
        let raw = openat(stack.last ?? base, ".", (flags & ~(O_CREAT | O_EXCL | O_TRUNC)) | O_CLOEXEC, mode)
        try FileSystemError.check(raw, LexicalPath.join(basePath, relative))
        return raw
    }

    /// True if the open descriptor `raw` is a symlink (opened with `O_PATH | O_NOFOLLOW`).
    static func isSymlink(_ raw: Int32) -> Bool {
        var status = stat()
        return fstat(raw, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    /// The target bytes of the symlink `name` in `directory`, or nil if it is not a symlink.
    static func readLink(_ directory: Int32, _ name: ArraySlice<UInt8>) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let count = withCName(name) { name in buffer.withUnsafeMutableBytes { readlinkat(directory, name, $0.baseAddress!, $0.count) } }
        guard count >= 0 else { return nil }
        return Array(buffer.prefix(count))
    }

    /// Calls `body` with `name` as a NUL-terminated C string, its bytes as they are.
    static func withCName<Result>(_ name: ArraySlice<UInt8>, _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        (Array(name) + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    static func escape(_ path: String) -> FileSystemError {
        FileSystemError(.outsideRoot, "outside the file-system root: \(path) leads out of it", path: path)
    }
}
