import Glibc
import Synchronization

/// A file being written below the root: an exclusive temporary sibling created in the open parent
/// directory, renamed over the target in that same directory by ``commit()``; removed if never committed.
public final class FileUpload: Sendable {
    /// The absolute path of the target.
    public let path: String
    private let parent: FileDescriptor
    private let file: FileDescriptor
    private let name: String
    private let temporaryName: String
    /// True once committed or discarded.
    private let finished = Mutex(false)

    init(in parent: consuming FileDescriptor, name: String, path: String) throws(FileSystemError) {
        let temporaryName = ".sandbox-agent-upload-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let raw = openat(parent.raw, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        try FileSystemError.check(raw, LexicalPath.join(LexicalPath.split(path).parent, temporaryName))
        self.file = FileDescriptor(raw: raw, path: path)
        self.parent = parent
        self.name = name
        self.temporaryName = temporaryName
        self.path = path
    }

    deinit {
        discard()
    }

    /// Appends `bytes` to the temporary file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
        try file.write(bytes)
    }

    /// Renames the temporary file over the target, in the parent directory it was created in.
    public func commit() throws(FileSystemError) {
        try finished.withLock { (done) throws(FileSystemError) in
            guard !done else { return }
            if renameat(parent.raw, temporaryName, parent.raw, name) != 0 {
                let error = FileSystemError(errno: errno, path: path)
                unlinkat(parent.raw, temporaryName, 0)
                done = true
                throw error
            }
            done = true
        }
    }

    /// Removes the temporary file, unless already committed.
    public func discard() {
        finished.withLock { done in
            if !done { unlinkat(parent.raw, temporaryName, 0) }
            done = true
        }
    }
}
