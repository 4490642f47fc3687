import Glibc

/// A regular file opened for reading below the root; read by offset, closed when released.
public final class FileReadHandle: Sendable {
    /// The absolute path it was opened with, for messages.
    public let path: String
    /// The size in bytes when it was opened.
    public let size: UInt64
    private let file: FileDescriptor

    init(_ file: consuming FileDescriptor, path: String, size: UInt64) {
        self.path = path
        self.size = size
        self.file = file
    }

    /// Up to `count` bytes at `offset`; fewer only at the end of the file, none past it.
    public func read(_ count: Int, at offset: UInt64) throws(FileSystemError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { pread(file.raw, $0.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled)) }
            if result == 0 { break }
            if result < 0 && errno == EINTR { continue }
            try FileSystemError.check(Int32(clamping: result), path)
            filled += result
        }
        return Array(bytes.prefix(filled))
    }
}
