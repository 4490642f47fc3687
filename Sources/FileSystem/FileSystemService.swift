/// All /v1/fs operations, confined to an optional root.
///
/// Every method takes client paths and resolves them with ``resolve(_:)`` first.
public struct FileSystemService: Sendable {
    /// The root every path must stay in, normalised; nil for none.
    let root: String?
    /// The base of relative paths when there is no root, normalised.
    let workingDirectory: String
    /// What `~` stands for, normalised.
    let homeDirectory: String

    /// A service for the given directories.
    /// - Parameters:
    ///   - root: when set, every path must stay inside it (after resolving symlinks); relative paths start there.
    ///   - workingDirectory: base for relative paths when there is no root; absolute.
    ///   - homeDirectory: for `~` and `~/…`.
    public init(root: String?, workingDirectory: String, homeDirectory: String) {
        let workingDirectory = LexicalPath.normalize(workingDirectory)
        self.workingDirectory = workingDirectory
        self.homeDirectory = LexicalPath.normalize(homeDirectory)
        self.root = root.map { LexicalPath.normalize($0, relativeTo: workingDirectory) }
    }

    /// The absolute, normalised path for a client path: absolute as is, relative from the root (or the
    /// working directory without a root), `~` expanded.
    ///
    /// With a root, both the entry the path names and what it leads to after following every symlink
    /// must be the root or inside it; a missing tail is fine.
    /// - Throws: `invalidPath` for an empty path or a NUL byte, `outsideRoot` for an escape.
    public func resolve(_ path: String) throws(FileSystemError) -> String {
        guard !path.isEmpty else { throw FileSystemError(.invalidPath, "invalid path: the path is empty") }
        guard !path.utf8.contains(0) else { throw FileSystemError(.invalidPath, "invalid path: the path contains a NUL byte") }
        let absolute = LexicalPath.normalize(expandingTilde(path), relativeTo: root ?? workingDirectory)
        if let root { try confine(absolute, to: root) }
        return absolute
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
