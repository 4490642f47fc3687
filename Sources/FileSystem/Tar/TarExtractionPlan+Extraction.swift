import Glibc

extension TarExtractionPlan {
    /// File data is copied in chunks of this size: an entry is never loaded whole.
    static let chunkSize = 1 << 20

    /// The second pass: creates the destination, writes every member, and last sets the modes and
    /// times of directory members (so that writing into them neither fails nor changes them).
    /// - Returns: the listed paths of the first `listLimit` members.
    func extract(from archive: borrowing FileDescriptor, listLimit: Int) throws(FileSystemError) -> FsUploadBatchResult {
        try FileTree.makeDirectories(resolvedDestination)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        for step in steps {
            try write(step, from: archive, using: buffer)
        }
        for step in steps.reversed() where step.entry.kind == .directory {
            try FileSystemError.check(chmod(step.target, step.entry.permissions), step.target)
            try FileTree.setModified(step.target, step.entry.modified, followingSymlinks: true)
        }
        return FsUploadBatchResult(paths: steps.prefix(max(listLimit, 0)).map(\.listedPath), truncated: steps.count > listLimit)
    }

    /// Writes one member, replacing a file or symlink already there (never writing through it).
    private func write(
        _ step: Step, from archive: borrowing FileDescriptor, using buffer: UnsafeMutableRawBufferPointer
    ) throws(FileSystemError) {
        let entry = step.entry
        try FileTree.makeDirectories(LexicalPath.split(step.target).parent)
        let directoryThere = try FileTree.clear(step.target)
        if directoryThere && entry.kind != .directory { throw FileSystemError.notAFile(step.target) }
        switch entry.kind {
        case .directory:
            if !directoryThere { try FileSystemError.check(mkdir(step.target, 0o700), step.target) }
        case .file:
            let output = try FileDescriptor(opening: step.target, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
            try archive.copy(entry.size, at: entry.dataOffset, to: output, using: buffer)
            try output.setAttributes(permissions: entry.permissions, modified: entry.modified)
        case .symlink:
            try FileSystemError.check(symlink(entry.linkName, step.target), step.target)
            try FileTree.setModified(step.target, entry.modified, followingSymlinks: false)
        case .hardLink:
            try FileSystemError.check(link(step.linkSource ?? "", step.target), step.target)
        }
    }
}
