import ACP

/// The keys of a JSON body that a `Decodable` type never asks for, found by decoding the body a
/// second time through a decoder that records every key the type's `init(from:)` looks up. What
/// the type knows therefore comes from its `CodingKeys` (or its hand-written decoding), never from
/// a list of names kept beside it.
///
/// Objects the type reads as a whole (a `[String: …]` dictionary, a `JSONValue` payload, or any
/// container whose `allKeys` it asks for) are opaque: their keys are data, not fields.
enum UnknownKeys {
    /// Dotted paths (`futureField`, `actions[1].speed`) of the keys in `body` that `type` ignores,
    /// sorted; empty when the type reads every key or the body does not decode as `type`.
    static func find<T: Decodable>(_ type: T.Type, in body: JSONValue) -> [String] {
        let recorder = Recorder()
        _ = try? T(from: RecordingDecoder(value: body, path: [], recorder: recorder))
        var unknown: [String] = []
        collect(body, path: [], recorder: recorder, into: &unknown)
        return unknown.sorted()
    }

    private static func collect(_ value: JSONValue, path: [String], recorder: Recorder, into unknown: inout [String]) {
        let here = render(path)
        switch value {
        case .object(let members):
            guard !recorder.opaque.contains(here) else { return }
            let keyed = recorder.keyed.contains(here)
            for (key, member) in members {
                let child = path + [key]
                if keyed, !recorder.asked.contains(render(child)) {
                    unknown.append(render(child))
                } else {
                    collect(member, path: child, recorder: recorder, into: &unknown)
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                collect(element, path: path + ["[\(index)]"], recorder: recorder, into: &unknown)
            }
        default:
            break
        }
    }

    static func render(_ path: [String]) -> String {
        path.reduce(into: "") { text, part in
            text += part.hasPrefix("[") || text.isEmpty ? part : "." + part
        }
    }

    /// What the type looked at, by rendered path.
    final class Recorder {
        /// Objects read through a keyed container.
        var keyed: Set<String> = []
        /// Keys looked up (found or not).
        var asked: Set<String> = []
        /// Objects read as a whole.
        var opaque: Set<String> = []
    }

    struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) {
            self.stringValue = "[\(intValue)]"
            self.intValue = intValue
        }
    }
}

/// A `Decoder` over a `JSONValue` that notes, in a `Recorder`, every key looked up.
private struct RecordingDecoder: Decoder {
    let value: JSONValue
    let path: [String]
    let recorder: UnknownKeys.Recorder
    var codingPath: [any CodingKey] { path.map { UnknownKeys.PathKey(stringValue: $0) } }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self) }
        recorder.keyed.insert(UnknownKeys.render(path))
        return KeyedDecodingContainer(Keyed<Key>(members: members, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([JSONValue].self) }
        return Unkeyed(elements: elements, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func child(_ value: JSONValue, _ part: String) -> RecordingDecoder {
        RecordingDecoder(value: value, path: path + [part], recorder: recorder)
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "not a \(type)"))
    }

    /// Decodes `type` from this value; a `JSONValue` is taken whole (opaque).
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == JSONValue.self {
            recorder.opaque.insert(UnknownKeys.render(path))
            return value as! T
        }
        switch value {
        case .bool(let flag): if let result = flag as? T { return result }
        case .string(let text): if let result = text as? T { return result }
        case .int(let number):
            if let result = Self.integer(number, as: type) { return result }
            if type == Double.self { return Double(number) as! T }
        case .double(let number):
            if type == Double.self { return number as! T }
            if type == Float.self { return Float(number) as! T }
        default: break
        }
        // A scalar that does not match: fail like JSONDecoder (its own init(from:) would come back here).
        if type is Bool.Type || type is String.Type || type is Double.Type || type is Float.Type || Self.integer(0, as: type) != nil {
            throw mismatch(type)
        }
        return try T(from: self)
    }

    private static func integer<T>(_ number: Int64, as type: T.Type) -> T? {
        switch type {
        case is Int.Type: Int(exactly: number) as? T
        case is Int64.Type: number as? T
        case is Int32.Type: Int32(exactly: number) as? T
        case is UInt64.Type: UInt64(exactly: number) as? T
        case is UInt32.Type: UInt32(exactly: number) as? T
        case is UInt16.Type: UInt16(exactly: number) as? T
        case is UInt.Type: UInt(exactly: number) as? T
        default: nil
        }
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: JSONValue]
        let decoder: RecordingDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] {
            decoder.recorder.opaque.insert(UnknownKeys.render(decoder.path))
            return members.keys.compactMap { Key(stringValue: $0) }
        }

        func contains(_ key: Key) -> Bool {
            note(key)
            return members[key.stringValue] != nil
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            note(key)
            guard let member = members[key.stringValue] else { return true }
            return member == .null
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try child(key).decode(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try child(key).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try child(key).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }

        private func note(_ key: Key) {
            decoder.recorder.asked.insert(UnknownKeys.render(decoder.path + [key.stringValue]))
        }

        private func child(_ key: Key) throws -> RecordingDecoder {
            note(key)
            guard let member = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "absent"))
            }
            return decoder.child(member, key.stringValue)
        }
    }

    private struct Unkeyed: UnkeyedDecodingContainer {
        let elements: [JSONValue]
        let decoder: RecordingDecoder
        var currentIndex = 0
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, elements[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try next().decode(type)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            try next().container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
        mutating func superDecoder() throws -> any Decoder { try next() }

        private mutating func next() throws -> RecordingDecoder {
            guard !isAtEnd else { throw decoder.mismatch(JSONValue.self) }
            defer { currentIndex += 1 }
            return decoder.child(elements[currentIndex], "[\(currentIndex)]")
        }
    }

    private struct Single: SingleValueDecodingContainer {
        let decoder: RecordingDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        func decodeNil() -> Bool { decoder.value == .null }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
    }
}
