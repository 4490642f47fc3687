/// The first pass of a tar extraction: reads every header, checks every name and link target,
/// and decides where each member goes, without writing anything.
///
/// Targets are resolved paths (no symlink in them), computed with the members planned so far
/// visible, so that a member can go neither through a symlink or file of the archive itself,
/// nor outside the destination through a symlink already on disk.
struct TarExtractionPlan {
    /// One member and where it goes.
    struct Step {
        var entry: TarEntry
        /// Where the member is written: its parent resolved (a directory member itself resolved too).
        var target: String
        /// The path reported to the client: under the destination as given.
        var listedPath: String
        /// For a hard link, the target of the earlier member it links to.
        var linkSource: String?
    }

    /// `target` (a resolved path within the resolved destination) below the destination.
    func relative(_ target: String) -> String {
        LexicalPath.relative(target, to: resolvedDestination)
    }

    /// The destination as given (absolute).
    let destination: String
    /// The destination with its symlinks resolved.
    let resolvedDestination: String
    /// The members, in archive order.
    private(set) var steps: [Step] = []

    private var resolver = SymlinkResolver()
    /// Target of every file and hard-link member by its normalised name, for later hard links.
    private var fileTargets: [String: String] = [:]

    /// Reads and checks the whole `archive`, planning its extraction into the absolute `destination`.
    /// - Throws: `invalidArchive` naming the first bad member.
    init(archive: borrowing FileDescriptor, destination: String) throws(FileSystemError) {
        self.destination = destination
        resolvedDestination = try resolver.resolve(destination).path
        var reader = TarReader(length: try archive.info().size)
        while let entry = try reader.next(in: archive) {
            try add(entry)
        }
    }

    private mutating func add(_ entry: TarEntry) throws(FileSystemError) {
        let components = try Self.components(of: entry.name, in: entry)
        guard let name = components.last.map(String.init) else {
            // "./": the destination itself, which is created anyway.
            guard entry.kind == .directory else { throw Self.invalid(entry, "has an empty name") }
            return
        }
        let memberName = components.joined(separator: "/")
        let parent = try writablePath(LexicalPath.join(resolvedDestination, components.dropLast().joined(separator: "/")), of: entry)
        var step = Step(entry: entry, target: LexicalPath.join(parent, name), listedPath: LexicalPath.join(destination, memberName))
        if entry.kind == .directory { step.target = try writablePath(step.target, of: entry) }
        guard LexicalPath.isWithin(step.target, resolvedDestination) else { throw Self.invalid(entry, "escapes the destination") }
        switch entry.kind {
        case .directory:
            resolver.plan(.directory, at: step.target)
            fileTargets[memberName] = nil
        case .symlink:
            try checkSymlink(entry, in: parent)
            resolver.plan(.symlink(target: entry.linkName), at: step.target)
            fileTargets[memberName] = nil
        case .hardLink:
            step.linkSource = try hardLinkSource(entry, target: step.target)
            fallthrough
        case .file:
            resolver.plan(.file, at: step.target)
            fileTargets[memberName] = step.target
        }
        steps.append(step)
    }

    /// `path` resolved, refusing a way through a symlink or a file of the archive.
    private func writablePath(_ path: String, of entry: TarEntry) throws(FileSystemError) -> String {
        let resolution = try resolver.resolve(path)
        guard !resolution.crossesPlannedEntry else {
            throw Self.invalid(entry, "would be written through a symlink or file created by the archive")
        }
        return resolution.path
    }

    /// A symlink must lead inside the destination, resolved from its own directory.
    private func checkSymlink(_ entry: TarEntry, in parent: String) throws(FileSystemError) {
        guard !entry.linkName.isEmpty, !entry.linkName.utf8.contains(0) else {
            throw Self.invalid(entry, "is a symlink without a valid target")
        }
        let pointee = entry.linkName.hasPrefix("/") ? entry.linkName : LexicalPath.join(parent, entry.linkName)
        guard LexicalPath.isWithin(try resolver.resolve(pointee).path, resolvedDestination) else {
            throw Self.invalid(entry, "is a symlink pointing outside the destination (to \"\(entry.linkName)\")")
        }
    }

    /// A hard link must name an earlier file member.
    private func hardLinkSource(_ entry: TarEntry, target: String) throws(FileSystemError) -> String {
        let linkedName = try Self.components(of: entry.linkName, in: entry).joined(separator: "/")
        guard let source = fileTargets[linkedName], source != target else {
            throw Self.invalid(entry, "is a hard link to \"\(entry.linkName)\", which is not an earlier file of the archive")
        }
        return source
    }

    /// The normalised components of a member name or hard-link target; `./` prefixes are fine.
    private static func components(of name: String, in entry: TarEntry) throws(FileSystemError) -> [Substring] {
        guard !name.utf8.contains(0) else { throw invalid(entry, "has a NUL byte in a name") }
        guard !name.hasPrefix("/") else { throw invalid(entry, "has an absolute name (\"\(name)\")") }
        guard let components = LexicalPath.relativeComponents(name) else { throw invalid(entry, "escapes the destination (\"\(name)\")") }
        return components
    }

    private static func invalid(_ entry: TarEntry, _ reason: String) -> FileSystemError {
        FileSystemError(.invalidArchive, "archive entry \"\(entry.name)\" \(reason)")
    }
}
