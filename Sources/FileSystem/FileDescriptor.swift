import Glibc

/// An open file descriptor, closed when this value goes away.
struct FileDescriptor: ~Copyable {
    /// The raw descriptor.
    let raw: Int32
    /// The path it was opened with, for error messages.
    let path: String

    /// Opens `path` with open(2) `flags` (close-on-exec is added); `mode` applies when `O_CREAT` creates it.
    init(opening path: String, flags: Int32, mode: mode_t = 0) throws(FileSystemError) {
        let raw = open(path, flags | O_CLOEXEC, mode)
        try FileSystemError.check(raw, path)
        self.init(raw: raw, path: path)
    }

    /// Takes ownership of the open descriptor `raw`, opened for `path`.
    init(raw: Int32, path: String) {
        self.raw = raw
        self.path = path
    }

    deinit {
        close(raw)
    }

    /// Opens the directory `name` (raw bytes) inside this directory, refusing to follow a symlink.
    func openDirectory(_ name: [UInt8]) throws(FileSystemError) -> FileDescriptor {
        let childPath = LexicalPath.join(path, String(decoding: name, as: UTF8.self))
        let directory = raw
        let child = BeneathWalk.withCName(name[...]) { openat(directory, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        try FileSystemError.check(child, childPath)
        return FileDescriptor(raw: child, path: childPath)
    }

    /// The status of the open file.
    func info() throws(FileSystemError) -> FileInfo {
        var status = stat()
        try FileSystemError.check(fstat(raw, &status), path)
        return FileInfo(status)
    }

    /// The status of `name` inside this directory, without following a symlink.
    func info(of name: String) throws(FileSystemError) -> FileInfo {
        try info(of: Array(name.utf8))
    }

    /// The status of `name` (raw bytes) inside this directory, without following a symlink.
    func info(of name: [UInt8]) throws(FileSystemError) -> FileInfo {
        var status = stat()
        let result = BeneathWalk.withCName(name[...]) { fstatat(raw, $0, &status, AT_SYMLINK_NOFOLLOW) }
        try FileSystemError.check(result, LexicalPath.join(path, String(decoding: name, as: UTF8.self)))
        return FileInfo(status)
    }

    /// The names in this directory, without `.` and `..`, in no particular order, as raw bytes
    /// (a name need not be valid UTF-8).
    func rawNames() throws(FileSystemError) -> [[UInt8]] {
        let copy = dup(raw)
        try FileSystemError.check(copy, path)
        guard let stream = fdopendir(copy) else {
            let error = FileSystemError(errno: errno, path: path)
            close(copy)
            throw error
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] { names.append(name) }
        }
        return names
    }

    /// The names in this directory that are valid UTF-8, without `.` and `..`, in no particular order.
    func names() throws(FileSystemError) -> [String] {
        try rawNames().compactMap { String(validating: $0, as: UTF8.self) }
    }

    /// Removes `name` (raw bytes) inside this directory: an empty directory if `isDirectory`, else a file or symlink.
    func remove(_ name: [UInt8], isDirectory: Bool) throws(FileSystemError) {
        let result = BeneathWalk.withCName(name[...]) { unlinkat(raw, $0, isDirectory ? AT_REMOVEDIR : 0) }
        try FileSystemError.check(result, LexicalPath.join(path, String(decoding: name, as: UTF8.self)))
    }

    /// Reads `count` bytes at `offset`; fewer only at the end of the file.
    func read(_ count: Int, at offset: UInt64) throws(FileSystemError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
        defer { buffer.deallocate() }
        return Array(buffer.prefix(try read(into: buffer, at: offset)))
    }

    /// Copies `count` bytes at `offset` of this file to the end of `output`, one `buffer` at a time.
    func copy(
        _ count: UInt64, at offset: UInt64, to output: borrowing FileDescriptor, using buffer: UnsafeMutableRawBufferPointer
    ) throws(FileSystemError) {
        var copied: UInt64 = 0
        while copied < count {
            let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[..<Int(min(UInt64(buffer.count), count - copied))])
            guard try read(into: chunk, at: offset + copied) == chunk.count else {
                throw FileSystemError(.io, "unexpected end of file: \(path)", path: path)
            }
            try output.write(UnsafeRawBufferPointer(chunk))
            copied += UInt64(chunk.count)
        }
    }

    /// Sets the permission bits and the access and modification times of the open file.
    func setAttributes(permissions: mode_t, modified: Int) throws(FileSystemError) {
        try FileSystemError.check(fchmod(raw, permissions), path)
        try FileSystemError.check(futimens(raw, Timestamp.accessAndModification(modified)), path)
    }

    /// Fills `buffer` from `offset` on, stopping early only at the end of the file; returns the bytes read.
    private func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(FileSystemError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = pread(raw, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset) + off_t(filled))
            if count == 0 { break }
            if count < 0 && errno == EINTR { continue }
            try FileSystemError.check(Int32(clamping: count), path)
            filled += count
        }
        return filled
    }

    /// Writes all of `bytes` at the current offset.
    func write(_ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(raw, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            try FileSystemError.check(Int32(clamping: count), path)
            written += count
        }
    }
}
