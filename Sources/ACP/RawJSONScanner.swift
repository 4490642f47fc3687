import Foundation

/// Finds where values start and end in JSON text without decoding them: the client keeps payloads
/// byte for byte as the server sent them, and the session engine classifies streamed updates
/// without parsing them (``SessionUpdateKind/init(scanning:)``). Assumes well-formed JSON (it is
/// only used on text that also decodes).
package enum RawJSONScanner {
    /// The byte ranges of the member values of the object in `bytes[range]`, by key; nil when it is
    /// not an object.
    package static func members(_ bytes: [UInt8], in range: Range<Int>? = nil) -> [String: Range<Int>]? {
        let range = range ?? bytes.indices
        var index = skipWhitespace(bytes, range.lowerBound, end: range.upperBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var result: [String: Range<Int>] = [:]
        while true {
            index = skipWhitespace(bytes, index, end: range.upperBound)
            guard index < range.upperBound else { return nil }
            if bytes[index] == UInt8(ascii: "}") { return result }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "\""), let keyEnd = skipValue(bytes, index, end: range.upperBound),
                let key = string(bytes, in: index..<keyEnd)
            else { return nil }
            index = skipWhitespace(bytes, keyEnd, end: range.upperBound)
            guard index < range.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipWhitespace(bytes, index + 1, end: range.upperBound)
            guard let valueEnd = skipValue(bytes, valueStart, end: range.upperBound) else { return nil }
            result[key] = valueStart..<valueEnd
            index = valueEnd
        }
    }

    /// The byte range of the value of member `key` of the object in `bytes[range]`, found without
    /// looking past it; nil when it is not an object or has no such member.
    package static func member(_ key: String, of bytes: [UInt8], in range: Range<Int>? = nil) -> Range<Int>? {
        let range = range ?? bytes.indices
        let wanted = Array(key.utf8)
        var index = skipWhitespace(bytes, range.lowerBound, end: range.upperBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        while true {
            index = skipWhitespace(bytes, index, end: range.upperBound)
            guard index < range.upperBound, bytes[index] != UInt8(ascii: "}") else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "\""), let keyEnd = skipValue(bytes, index, end: range.upperBound) else { return nil }
            let matches = bytes[(index + 1)..<(keyEnd - 1)].elementsEqual(wanted)
                || (bytes[index..<keyEnd].contains(UInt8(ascii: "\\")) && string(bytes, in: index..<keyEnd) == key)
            index = skipWhitespace(bytes, keyEnd, end: range.upperBound)
            guard index < range.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipWhitespace(bytes, index + 1, end: range.upperBound)
            guard let valueEnd = skipValue(bytes, valueStart, end: range.upperBound) else { return nil }
            if matches { return valueStart..<valueEnd }
            index = valueEnd
        }
    }

    /// The string whose JSON text is `bytes[range]`; nil when it is not a string. Decodes only
    /// when it has escapes.
    package static func string(_ bytes: [UInt8], in range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"") else {
            return nil
        }
        let inner = bytes[(range.lowerBound + 1)..<(range.upperBound - 1)]
        guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
        return try? JSONDecoder().decode(String.self, from: Data(bytes[range]))
    }

    /// The byte ranges of the elements of the array in `bytes[range]`; nil when it is not an array.
    package static func elements(_ bytes: [UInt8], in range: Range<Int>) -> [Range<Int>]? {
        var index = skipWhitespace(bytes, range.lowerBound, end: range.upperBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var result: [Range<Int>] = []
        while true {
            index = skipWhitespace(bytes, index, end: range.upperBound)
            guard index < range.upperBound else { return nil }
            if bytes[index] == UInt8(ascii: "]") { return result }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard let end = skipValue(bytes, index, end: range.upperBound) else { return nil }
            result.append(index..<end)
            index = end
        }
    }

    /// The index just past the value starting at `start`.
    private static func skipValue(_ bytes: [UInt8], _ start: Int, end: Int) -> Int? {
        guard start < end else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            var index = start + 1
            while index < end {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""): return index + 1
                default: index += 1
                }
            }
            return nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < end {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let next = skipValue(bytes, index, end: end) else { return nil }
                    index = next
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < end, !Self.delimiters.contains(bytes[index]) { index += 1 }
            return index > start ? index : nil
        }
    }

    private static func skipWhitespace(_ bytes: [UInt8], _ start: Int, end: Int) -> Int {
        var index = start
        while index < end, Self.whitespace.contains(bytes[index]) { index += 1 }
        return index
    }

    private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
    private static let delimiters: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")]
}
