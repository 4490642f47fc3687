/// What the GNU long-name (`L`, `K`) and pax (`x`) headers before a member say about it.
struct TarExtendedHeaders {
    var name: String?
    var linkName: String?
    var size: UInt64?

    /// True if no extended header has been seen.
    var isEmpty: Bool {
        name == nil && linkName == nil && size == nil
    }

    /// Takes in the data of an extended header of type `typeflag`; pax global headers (`g`) are ignored.
    /// - Throws: `invalidArchive` for a malformed pax record.
    mutating func apply(_ typeflag: UInt8, data: [UInt8]) throws(FileSystemError) {
        switch typeflag {
        case UInt8(ascii: "L"):
            name = TarHeader.text(data[...])
        case UInt8(ascii: "K"):
            linkName = TarHeader.text(data[...])
        case UInt8(ascii: "x"):
            for (key, value) in try Self.paxRecords(data) {
                switch key {
                case "path": name = value
                case "linkpath": linkName = value
                case "size":
                    guard let size = UInt64(value) else { throw Self.malformed("bad size \"\(value)\"") }
                    self.size = size
                default: continue
                }
            }
        default:
            return
        }
    }

    /// The records of a pax header, each `<length> <key>=<value>\n`, the length counting the whole record.
    private static func paxRecords(_ data: [UInt8]) throws(FileSystemError) -> [(key: String, value: String)] {
        var records: [(key: String, value: String)] = []
        var rest = data[...].prefix { $0 != 0 }
        while !rest.isEmpty {
            guard let space = rest.firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: rest[..<space], as: UTF8.self)),
                  length > space - rest.startIndex + 1, length <= rest.count,
                  rest[rest.startIndex + length - 1] == UInt8(ascii: "\n")
            else { throw malformed("bad record length") }
            let record = rest[(space + 1)..<(rest.startIndex + length - 1)]
            guard let equals = record.firstIndex(of: UInt8(ascii: "=")) else { throw malformed("record without '='") }
            records.append((String(decoding: record[..<equals], as: UTF8.self), String(decoding: record[(equals + 1)...], as: UTF8.self)))
            rest = rest.dropFirst(length)
        }
        return records
    }

    private static func malformed(_ reason: String) -> FileSystemError {
        FileSystemError(.invalidArchive, "malformed pax header in the tar archive: \(reason)")
    }
}
