/// Reads the members of a tar archive in order, folding the extended headers (GNU `L`/`K`, pax `x`/`g`)
/// into the member they describe. Member data is only located, never read.
struct TarReader {
    /// Extended headers hold names, not data: bigger ones are refused.
    static let maxExtendedHeaderSize: UInt64 = 1 << 20

    private let length: UInt64
    private var offset: UInt64 = 0

    /// A reader for an archive of `length` bytes.
    init(length: UInt64) {
        self.length = length
    }

    /// The next member, or nil at the end of the archive (a zero block, or the end of the file).
    /// - Throws: `invalidArchive` for a malformed or truncated archive, or an unsupported member type.
    mutating func next(in archive: borrowing FileDescriptor) throws(FileSystemError) -> TarEntry? {
        var extended = TarExtendedHeaders()
        while offset < length {
            guard length - offset >= UInt64(TarHeader.blockSize) else { throw truncated("a header") }
            guard let header = try TarHeader(block: try archive.read(TarHeader.blockSize, at: offset), offset: offset) else {
                offset = length
                break
            }
            let dataOffset = offset + UInt64(TarHeader.blockSize)
            switch header.typeflag {
            case UInt8(ascii: "L"), UInt8(ascii: "K"), UInt8(ascii: "x"), UInt8(ascii: "g"):
                guard header.size <= Self.maxExtendedHeaderSize else { throw Self.invalid("an extended header is larger than 1 MiB") }
                try skipData(header.size, at: dataOffset, of: "an extended header")
                try extended.apply(header.typeflag, data: try archive.read(Int(header.size), at: dataOffset))
            default:
                let name = extended.name ?? header.name
                let kind = try Self.kind(header.typeflag, name: name)
                let size = kind == .file ? extended.size ?? header.size : 0
                try skipData(size, at: dataOffset, of: "\"\(name)\"")
                return TarEntry(
                    name: name, kind: kind, linkName: extended.linkName ?? header.linkName,
                    mode: header.mode, modified: header.modified, size: size, dataOffset: dataOffset
                )
            }
        }
        guard extended.isEmpty else { throw truncated("the member of an extended header") }
        return nil
    }

    /// Moves past `size` data bytes and their padding, which must all be in the archive.
    private mutating func skipData(_ size: UInt64, at dataOffset: UInt64, of what: String) throws(FileSystemError) {
        let blockSize = UInt64(TarHeader.blockSize)
        let available = length - dataOffset
        guard size <= available, (size + blockSize - 1) / blockSize * blockSize <= available else {
            throw truncated("the data of \(what)")
        }
        offset = dataOffset + (size + blockSize - 1) / blockSize * blockSize
    }

    private static func kind(_ typeflag: UInt8, name: String) throws(FileSystemError) -> TarEntry.Kind {
        switch typeflag {
        case 0: name.hasSuffix("/") ? .directory : .file  // v7: a directory is a file named with a slash
        case UInt8(ascii: "0"), UInt8(ascii: "7"): .file
        case UInt8(ascii: "1"): .hardLink
        case UInt8(ascii: "2"): .symlink
        case UInt8(ascii: "5"): .directory
        case UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "6"):
            throw invalid("archive entry \"\(name)\" is a device or FIFO, which is not supported")
        default:
            throw invalid("archive entry \"\(name)\" has the unsupported type '\(Character(Unicode.Scalar(typeflag)))'")
        }
    }

    private func truncated(_ what: String) -> FileSystemError {
        Self.invalid("the tar archive is truncated: it ends in \(what) (\(length) bytes)")
    }

    private static func invalid(_ message: String) -> FileSystemError {
        FileSystemError(.invalidArchive, message)
    }
}
