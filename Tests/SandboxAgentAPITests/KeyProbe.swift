/// The JSON keys a `Decodable` type reads, found by decoding it from a decoder that has no data:
/// a key read with `decode` is required, one read with `decodeIfPresent` (asked `contains` or
/// `decodeNil` first) is optional. Values are stand-ins (empty strings, zeros, empty arrays, the
/// first case of a `CaseIterable`), so what the type knows comes from its `CodingKeys` alone. A type
/// that checks its values while decoding is given valid strings by key name (`strings`).
struct KeyProbe {
    /// What one type read at its top level.
    struct Keys: Equatable, CustomStringConvertible {
        var required: Set<String> = []
        var optional: Set<String> = []
        var all: Set<String> { required.union(optional) }
        var description: String { "required \(required.sorted()), optional \(optional.sorted())" }
    }

    /// The top-level keys `type` reads.
    static func keys<T: Decodable>(of type: T.Type, strings: [String: String] = [:]) throws -> Keys {
        let recorder = Recorder(strings: strings)
        _ = try T(from: ProbeDecoder(recorder: recorder, depth: 0))
        return recorder.keys
    }

    final class Recorder {
        var keys = Keys()
        /// The stand-in of a string read under a key (a nested value's strings included).
        let strings: [String: String]

        init(strings: [String: String]) {
            self.strings = strings
        }
    }
}

/// A `Decoder` without data that notes the keys read at depth 0.
private struct ProbeDecoder: Decoder {
    let recorder: KeyProbe.Recorder
    let depth: Int
    /// The key the value being decoded was read under.
    var key: String? = nil
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Empty() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    /// A stand-in value of `type`.
    func standIn<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return (key.flatMap { recorder.strings[$0] } ?? "") as! T
        case is Bool.Type: return false as! T
        case is Int.Type: return 0 as! T
        case is Int64.Type: return Int64(0) as! T
        case is Int32.Type: return Int32(0) as! T
        case is UInt64.Type: return UInt64(0) as! T
        case is UInt32.Type: return UInt32(0) as! T
        case is UInt16.Type: return UInt16(0) as! T
        case is UInt.Type: return UInt(0) as! T
        case is Double.Type: return 0.0 as! T
        case is Float.Type: return Float(0) as! T
        default: break
        }
        if let cases = type as? any CaseIterable.Type, let first = Self.firstCase(of: cases) as? T { return first }
        return try T(from: ProbeDecoder(recorder: recorder, depth: depth + 1, key: key))
    }

    private static func firstCase<C: CaseIterable>(of type: C.Type) -> Any? { C.allCases.first }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: ProbeDecoder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        private func note(_ key: Key, required: Bool) {
            guard decoder.depth == 0 else { return }
            if required {
                decoder.recorder.keys.required.insert(key.stringValue)
            } else if !decoder.recorder.keys.required.contains(key.stringValue) {
                decoder.recorder.keys.optional.insert(key.stringValue)
            }
        }

        func contains(_ key: Key) -> Bool {
            note(key, required: false)
            return false
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            note(key, required: false)
            return true
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            note(key, required: true)
            return try ProbeDecoder(recorder: decoder.recorder, depth: decoder.depth, key: key.stringValue).standIn(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            note(key, required: true)
            return KeyedDecodingContainer(Keyed<NestedKey>(decoder: ProbeDecoder(recorder: decoder.recorder, depth: decoder.depth + 1)))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            note(key, required: true)
            return Empty()
        }

        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder {
            note(key, required: true)
            return ProbeDecoder(recorder: decoder.recorder, depth: decoder.depth + 1)
        }
    }

    /// An empty array.
    private struct Empty: UnkeyedDecodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int? { 0 }
        var isAtEnd: Bool { true }
        var currentIndex: Int { 0 }
        mutating func decodeNil() throws -> Bool { true }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { throw end(type) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            throw end(type)
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw end(Any.self) }
        mutating func superDecoder() throws -> any Decoder { throw end(Any.self) }
        private func end(_ type: Any.Type) -> DecodingError {
            .valueNotFound(type, .init(codingPath: [], debugDescription: "the probe's arrays are empty"))
        }
    }

    /// At the top the probed value is an object, so a type that first tries a scalar (`true` or
    /// an object) falls through to its keyed form; below, a stand-in.
    private struct Single: SingleValueDecodingContainer {
        let decoder: ProbeDecoder
        var codingPath: [any CodingKey] { [] }
        func decodeNil() -> Bool { decoder.depth > 0 }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            guard decoder.depth > 0 else {
                throw DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "the probed value is an object"))
            }
            return try decoder.standIn(type)
        }
    }
}
