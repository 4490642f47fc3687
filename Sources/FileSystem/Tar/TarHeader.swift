/// One 512-byte tar header block, decoded; understands the v7, POSIX ustar and GNU layouts.
struct TarHeader {
    /// The size of a header and the unit of data padding.
    static let blockSize = 512

    /// The name field, with the ustar `prefix` applied.
    var name: String
    /// The linkname field.
    var linkName: String
    /// The type flag byte.
    var typeflag: UInt8
    var mode: UInt32
    var size: UInt64
    /// Seconds since the epoch.
    var modified: Int

    /// Decodes `block`, found at `offset` in the archive; nil for an all-zero block, which ends the archive.
    /// - Throws: `invalidArchive` for a bad checksum or a malformed number.
    init?(block: [UInt8], offset: UInt64) throws(FileSystemError) {
        guard block.contains(where: { $0 != 0 }) else { return nil }
        let name = Self.text(block[0..<100])
        guard Self.checksumMatches(block) else { throw Self.malformed(name, offset, "bad checksum") }
        guard let mode = Self.number(block[100..<108]).flatMap(UInt32.init(exactly:)),
              let size = Self.number(block[124..<136]),
              let modified = Self.number(block[136..<148]).flatMap(Int.init(exactly:))
        else { throw Self.malformed(name, offset, "a numeric field is not a number") }
        let isPosix = block[257..<263].elementsEqual("ustar\0".utf8)
        let prefix = isPosix ? Self.text(block[345..<500]) : ""
        self.name = prefix.isEmpty ? name : prefix + "/" + name
        self.linkName = Self.text(block[157..<257])
        self.typeflag = block[156]
        self.mode = mode
        self.size = size
        self.modified = modified
    }

    /// The bytes of a field up to the first NUL, as UTF-8.
    static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func malformed(_ name: String, _ offset: UInt64, _ reason: String) -> FileSystemError {
        FileSystemError(.invalidArchive, "malformed tar header \"\(name)\" at offset \(offset): \(reason)")
    }

    /// The stored checksum equals the sum of the header bytes, the checksum field counted as spaces;
    /// both the unsigned sum (the standard) and the signed one (old tars) are accepted.
    private static func checksumMatches(_ block: [UInt8]) -> Bool {
        guard let stored = number(block[148..<156]) else { return false }
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (index, byte) in block.enumerated() {
            let counted = (148..<156).contains(index) ? UInt8(ascii: " ") : byte
            unsigned += Int64(counted)
            signed += Int64(Int8(bitPattern: counted))
        }
        return Int64(stored) == unsigned || Int64(stored) == signed
    }

    /// A numeric field: octal digits padded with spaces or NULs, or GNU base-256 (high bit set) for
    /// large values; nil if malformed or negative.
    private static func number(_ field: ArraySlice<UInt8>) -> UInt64? {
        if let first = field.first, first & 0x80 != 0 {
            guard first & 0x40 == 0 else { return nil }
            var value = UInt64(first & 0x3F)
            for byte in field.dropFirst() {
                guard value >> 56 == 0 else { return nil }
                value = value << 8 | UInt64(byte)
            }
            return value
        }
        var value: UInt64 = 0
        var digitsEnded = false
        var sawDigit = false
        for byte in field {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard !digitsEnded, value >> 61 == 0 else { return nil }
                value = value << 3 | UInt64(byte - UInt8(ascii: "0"))
                sawDigit = true
            case 0, UInt8(ascii: " "):
                digitsEnded = sawDigit
            default:
                return nil
            }
        }
        return value
    }
}
