import Foundation

/// Builds ustar archives byte by byte, including entries a well-behaved tar would refuse to
/// write (`../escape`), so the server's refusal can be tested.
struct TarBuilder {
    private(set) var data = Data()

    mutating func file(_ name: String, _ contents: String, mode: Int = 0o644) {
        let bytes = Data(contents.utf8)
        header(name: name, size: bytes.count, type: "0", mode: mode)
        data.append(bytes)
        data.append(Data(count: (512 - bytes.count % 512) % 512))
    }

    mutating func directory(_ name: String) {
        header(name: name, size: 0, type: "5", mode: 0o755)
    }

    mutating func symlink(_ name: String, to target: String) {
        header(name: name, size: 0, type: "2", mode: 0o777, link: target)
    }

    /// Ends the archive with two zero blocks.
    func finished() -> Data {
        data + Data(count: 1024)
    }

    private mutating func header(name: String, size: Int, type: Character, mode: Int, link: String = "") {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ string: String, at offset: Int, length: Int) {
            for (index, byte) in string.utf8.prefix(length).enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, at offset: Int, length: Int) {
            put(String(format: "%0\(length - 1)o", value), at: offset, length: length - 1)
        }
        put(name, at: 0, length: 100)
        octal(mode, at: 100, length: 8)
        octal(0, at: 108, length: 8)
        octal(0, at: 116, length: 8)
        octal(size, at: 124, length: 12)
        octal(1_700_000_000, at: 136, length: 12)
        block[156] = UInt8(String(type).utf8.first!)
        put(link, at: 157, length: 100)
        put("ustar", at: 257, length: 6)
        put("00", at: 263, length: 2)
        for index in 148..<156 { block[index] = 0x20 }
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(String(format: "%06o", checksum), at: 148, length: 6)
        block[154] = 0
        block[155] = 0x20
        data.append(contentsOf: block)
    }
}
