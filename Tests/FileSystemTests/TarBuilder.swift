import Foundation

/// Writes tar archives byte by byte, to make the malformed ones real tar programs refuse to make.
struct TarBuilder {
    private(set) var bytes: [UInt8] = []

    /// Appends a ustar header with a correct checksum (plus `checksumDelta`), then `data` padded to blocks.
    mutating func add(_ name: String, type: Character = "0", linkName: String = "", data: String = "", checksumDelta: Int = 0) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            header.replaceSubrange(offset..<(offset + text.utf8.count), with: text.utf8)
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            let digits = String(value, radix: 8)
            put(String(repeating: "0", count: width - 1 - digits.count) + digits, at: offset)
        }
        put(name, at: 0)
        octal(0o644, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(data.utf8.count, at: 124, width: 12)
        octal(1_700_000_000, at: 136, width: 12)
        header[156] = type.asciiValue!
        put(linkName, at: 157)
        put("ustar\u{0}00", at: 257)
        let checksum = header.reduce(0) { $0 + Int($1) } + 8 * 32 + checksumDelta
        put(String(format: "%06o\u{0} ", checksum), at: 148)
        bytes += header
        bytes += data.utf8
        bytes += [UInt8](repeating: 0, count: (512 - data.utf8.count % 512) % 512)
    }

    /// Appends the two zero blocks that end an archive.
    mutating func end() {
        bytes += [UInt8](repeating: 0, count: 1024)
    }

    /// Drops the last `count` bytes.
    mutating func truncate(by count: Int) {
        bytes.removeLast(count)
    }

    /// Writes the archive to `path`.
    func write(to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
