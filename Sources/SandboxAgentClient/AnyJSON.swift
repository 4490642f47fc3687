import Foundation

/// Any JSON value, for the parts of the sessions API that carry agent-defined JSON (event payloads,
/// ACP `modes` and `configOptions`, permission `toolCall`s, config values).
///
/// Integers that fit in `Int64` decode as ``integer(_:)``, other numbers as ``number(_:)``.
public enum AnyJSON: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([AnyJSON].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: AnyJSON].self) {
            self = .object(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member `key` of an object; nil for other values and missing keys.
    public subscript(key: String) -> AnyJSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The element at `index` of an array; nil for other values and out-of-range indices.
    public subscript(index: Int) -> AnyJSON? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, when this is one (or a number without fraction that fits).
    public var intValue: Int64? {
        switch self {
        case .integer(let value): return value
        case .number(let value): return value.rounded() == value ? Int64(exactly: value) : nil
        default: return nil
        }
    }

    /// The Boolean, when this is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, when this is an array.
    public var arrayValue: [AnyJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, when this is an object.
    public var objectValue: [String: AnyJSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// Compact JSON text with sorted keys.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// Parses JSON text.
    public init(jsonText: String) throws {
        self = try JSONDecoder().decode(AnyJSON.self, from: Data(jsonText.utf8))
    }
}

extension AnyJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: AnyJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, AnyJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// Finds where values start and end in JSON text without decoding them, so payloads can be kept
/// byte for byte as the server sent them. Assumes well-formed JSON (it is only used on text that
/// also decodes).
enum RawJSONScanner {
    /// The byte ranges of the member values of the object in `bytes[range]`, by key; nil when it is
    /// not an object.
    static func members(_ bytes: [UInt8], in range: Range<Int>? = nil) -> [String: Range<Int>]? {
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
                let key = try? JSONDecoder().decode(String.self, from: Data(bytes[index..<keyEnd]))
            else { return nil }
            index = skipWhitespace(bytes, keyEnd, end: range.upperBound)
            guard index < range.upperBound, bytes[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipWhitespace(bytes, index + 1, end: range.upperBound)
            guard let valueEnd = skipValue(bytes, valueStart, end: range.upperBound) else { return nil }
            result[key] = valueStart..<valueEnd
            index = valueEnd
        }
    }

    /// The byte ranges of the elements of the array in `bytes[range]`; nil when it is not an array.
    static func elements(_ bytes: [UInt8], in range: Range<Int>) -> [Range<Int>]? {
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
