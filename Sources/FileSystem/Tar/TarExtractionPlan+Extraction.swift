import Glibc
import SandboxAgentAPI

extension TarExtractionPlan {
    /// File data is copied in chunks of this size: an entry is never loaded whole.
    static let chunkSize = 1 << 20

    /// The second pass: writes every member below `destination` (an open directory), and last sets
    /// the modes and times of directory members (so that writing into them neither fails nor changes them).
    /// Every member is created with an *at(2) call in its parent, opened below `destination` by `opener`.
    /// - Returns: the listed paths of the first `listLimit` members.
    func extract(
        from archive: borrowing FileDescriptor, into destination: borrowing FileDescriptor, opener: BeneathOpener, listLimit: Int
    ) throws(FileSystemError) -> FsUploadBatchResult {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        for step in steps {
            try write(step, from: archive, into: destination, opener: opener, using: buffer)
        }
        for step in steps.reversed() where step.entry.kind == .directory {
            let directory = try opener.open(relative(step.target), in: destination, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            try directory.setAttributes(permissions: step.entry.permissions, modified: step.entry.modified)
        }
        return FsUploadBatchResult(paths: steps.prefix(max(listLimit, 0)).map(\.listedPath), truncated: steps.count > listLimit)
    }

    /// Writes one member, replacing a file or symlink already there (never writing through it).
    private func write(
        _ step: Step, from archive: borrowing FileDescriptor, into destination: borrowing FileDescriptor, opener: BeneathOpener,
        using buffer: UnsafeMutableRawBufferPointer
    ) throws(FileSystemError) {
        let entry = step.entry
        let (parentPath, name) = LexicalPath.split(step.target)
        let parent = try opener.makeDirectories(relative(parentPath), in: destination)
        let directoryThere = try FileTree.clear(name, in: parent)
        if directoryThere && entry.kind != .directory { throw FileSystemError.notAFile(step.target) }
        switch entry.kind {
        case .directory:
            if !directoryThere { try FileSystemError.check(mkdirat(parent.raw, name, 0o700), step.target) }
        case .file:
            let raw = openat(parent.raw, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            try FileSystemError.check(raw, step.target)
            let output = FileDescriptor(raw: raw, path: step.target)
            try archive.copy(entry.size, at: entry.dataOffset, to: output, using: buffer)
            try output.setAttributes(permissions: entry.permissions, modified: entry.modified)
        case .symlink:
            try FileSystemError.check(symlinkat(entry.linkName, parent.raw, name), step.target)
            let times = Timestamp.accessAndModification(entry.modified)
            try FileSystemError.check(utimensat(parent.raw, name, times, AT_SYMLINK_NOFOLLOW), step.target)
        case .hardLink:
            let (sourceParentPath, sourceName) = LexicalPath.split(step.linkSource ?? "")
            let sourceParent = try opener.open(relative(sourceParentPath), in: destination, flags: O_PATH | O_DIRECTORY)
            try FileSystemError.check(linkat(sourceParent.raw, sourceName, parent.raw, name, 0), step.target)
        }
    }
}
