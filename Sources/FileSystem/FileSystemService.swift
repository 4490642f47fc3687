import Glibc

/// All /v1/fs operations, confined to an optional root.
///
/// Client paths are made absolute and checked lexically first (``resolve(_:)`` also follows the
/// symlinks to report an escape early). Every operation then works through descriptors: the root
/// (or `/` without one) is opened, and each path is opened below it with ``BeneathOpener`` —
/// openat2(2) `RESOLVE_BENEATH` or a component-by-component `O_NOFOLLOW` walk — so the lookup
/// that is used is the lookup that was checked, and a directory swapped for a symlink meanwhile
/// cannot lead outside the root.
public struct FileSystemService: Sendable {
    /// The root every path must stay in, normalised; nil for none.
    let root: String?
    /// The base of relative paths when there is no root, normalised.
    let workingDirectory: String
    /// What `~` stands for, normalised.
    let homeDirectory: String
    /// How paths are opened below the root (or `/`).
    let opener: BeneathOpener

    /// A service for the given directories.
    /// - Parameters:
    ///   - root: when set, every path must stay inside it (after resolving symlinks); relative paths start there.
    ///   - workingDirectory: base for relative paths when there is no root; absolute.
    ///   - homeDirectory: for `~` and `~/…`.
    ///   - resolution: how lookups are kept below the root; `.automatic` except in tests of the fallback.
    public init(root: String?, workingDirectory: String, homeDirectory: String, resolution: BeneathResolution = .automatic) {
        let workingDirectory = LexicalPath.normalize(workingDirectory)
        self.workingDirectory = workingDirectory
        self.homeDirectory = LexicalPath.normalize(homeDirectory)
        self.root = root.map { LexicalPath.normalize($0, relativeTo: workingDirectory) }
        self.opener = BeneathOpener(confinedWith: root == nil ? nil : resolution)
    }

    /// The absolute, normalised path for a client path: absolute as is, relative from the root (or the
    /// working directory without a root), `~` expanded.
    ///
    /// With a root, both the entry the path names and what it leads to after following every symlink
    /// must be the root or inside it; a missing tail is fine. This is an early check by name; the
    /// operations enforce confinement again with descriptors.
    /// - Throws: `invalidPath` for an empty path, a NUL byte or a component over 255 bytes,
    ///   `outsideRoot` for an escape.
    public func resolve(_ path: String) throws(FileSystemError) -> String {
        let location = try locate(path)
        if let root { try confine(location.path, to: root) }
        return location.path
    }

    /// Where a client path is: its absolute path and its path below the base (the root, or `/`).
    /// Lexical only: `..` is applied to the text, symlinks are left to the lookup.
    func locate(_ path: String) throws(FileSystemError) -> Location {
        guard !path.isEmpty else { throw FileSystemError(.invalidPath, "invalid path: the path is empty") }
        guard !path.utf8.contains(0) else { throw FileSystemError(.invalidPath, "invalid path: the path contains a NUL byte") }
        let absolute = LexicalPath.normalize(expandingTilde(path), relativeTo: root ?? workingDirectory)
        if let long = absolute.split(separator: "/").first(where: { $0.utf8.count > Location.maxNameLength }) {
            throw FileSystemError(
                .invalidPath, "invalid path: a component is longer than 255 bytes (\(long.prefix(32))…): \(absolute)", path: absolute)
        }
        guard let root else { return Location(path: absolute, base: "/", relative: String(absolute.dropFirst())) }
        let resolvedRoot = try SymlinkResolver().resolve(root).path
        for base in [root, resolvedRoot] where LexicalPath.isWithin(absolute, base) {
            let relative = absolute == base ? "" : String(absolute.dropFirst(base == "/" ? 1 : base.utf8.count + 1))
            return Location(path: absolute, base: root, relative: relative)
        }
        throw FileSystemError(.outsideRoot, "outside the file-system root \(root): \(absolute)", path: absolute)
    }

    /// Opens the base directory a ``Location`` is relative to (the root, or `/`), as `O_PATH`.
    func openBase(_ location: Location) throws(FileSystemError) -> FileDescriptor {
        try FileDescriptor(opening: location.base, flags: O_PATH | O_DIRECTORY)
    }

    /// Opens the directory that holds `location`, creating it and its parents if `creating`.
    /// - Throws: `invalidPath` for the base itself, which has no parent here.
    func openParent(of location: Location, creating: Bool) throws(FileSystemError) -> FileDescriptor {
        guard !location.isBase else {
            throw FileSystemError(.invalidPath, "invalid path: \(location.path) is the file-system root", path: location.path)
        }
        let base = try openBase(location)
        if creating { return try opener.makeDirectories(location.parent, in: base) }
        return try opener.open(location.parent, in: base, flags: O_PATH | O_DIRECTORY)
    }

    private func expandingTilde(_ path: String) -> String {
        if path == "~" { return homeDirectory }
        return path.hasPrefix("~/") ? homeDirectory + path.dropFirst() : path
    }

    /// Checks that the entry `path` names (its parent resolved) and what `path` leads to (all resolved)
    /// are both within the resolved root. The first check stops `/elsewhere/link-into-root` from being
    /// deleted or moved; the second stops `root/link-to-elsewhere` from being followed.
    private func confine(_ path: String, to root: String) throws(FileSystemError) {
        let resolver = SymlinkResolver()
        let resolvedRoot = try resolver.resolve(root).path
        let (parent, name) = LexicalPath.split(path)
        let entry = path == root ? resolvedRoot : LexicalPath.join(try resolver.resolve(parent).path, name)
        let target = try resolver.resolve(path).path
        guard LexicalPath.isWithin(entry, resolvedRoot), LexicalPath.isWithin(target, resolvedRoot) else {
            throw FileSystemError(.outsideRoot, "outside the file-system root \(root): \(path)", path: path)
        }
    }
}
