extension JSONValue {
    /// `value` encoded straight into a JSON value, without the bytes `JSONEncoder` writes and
    /// `JSONDecoder` reads back: the path of every streamed `session/update` (the mock agent's
    /// `/flood` sends well over 100,000 a second). Nil optionals are left out, numbers keep their
    /// Swift type (a `Double` stays ``double(_:)``), a `JSONValue` member is taken as it is. For
    /// plain `Codable` types (no `Date`, `Data` or `URL` members, which `JSONEncoder` treats apart).
    public init(directlyEncoding value: some Encodable) {
        let node = JSONNode()
        try? JSONNode.encode(value, into: node, at: [])
        self = node.json
    }
}

/// One value being encoded: a finished value, or an object or array whose members are nodes
/// of their own (nested containers write into them after the parent handed them out).
private final class JSONNode {
    private enum Shape { case value, object, array }
    private var shape = Shape.value
    private var value = JSONValue.object([:])
    private var members: [String: JSONNode] = [:]
    private var elements: [JSONNode] = []

    var json: JSONValue {
        switch shape {
        case .value: value
        case .object: .object(members.mapValues(\.json))
        case .array: .array(elements.map(\.json))
        }
    }

    var count: Int { elements.count }

    func set(_ value: JSONValue) {
        shape = .value
        self.value = value
    }

    func makeObject() {
        if shape != .object { (shape, members) = (.object, [:]) }
    }

    func makeArray() {
        if shape != .array { (shape, elements) = (.array, []) }
    }

    func member(_ key: any CodingKey) -> JSONNode {
        makeObject()
        let node = JSONNode()
        members[key.stringValue] = node
        return node
    }

    func element() -> JSONNode {
        makeArray()
        let node = JSONNode()
        elements.append(node)
        return node
    }

    static func encode(_ value: some Encodable, into node: JSONNode, at path: [any CodingKey]) throws {
        if let primitive = primitive(value) {
            node.set(primitive)
        } else {
            try value.encode(to: JSONNodeEncoder(node: node, codingPath: path))
        }
    }

    /// The value of a `JSONValue` or a standard-library scalar; nil for a type that encodes itself.
    private static func primitive(_ value: some Encodable) -> JSONValue? {
        switch value {
        case let value as JSONValue: value
        case let value as String: .string(value)
        case let value as Bool: .bool(value)
        case let value as Int: .int(Int64(value))
        case let value as Int64: .int(value)
        case let value as Int32: .int(Int64(value))
        case let value as Int16: .int(Int64(value))
        case let value as Int8: .int(Int64(value))
        case let value as UInt: Int64(exactly: value).map(JSONValue.int) ?? .double(Double(value))
        case let value as UInt64: Int64(exactly: value).map(JSONValue.int) ?? .double(Double(value))
        case let value as UInt32: .int(Int64(value))
        case let value as UInt16: .int(Int64(value))
        case let value as UInt8: .int(Int64(value))
        case let value as Double: .double(value)
        case let value as Float: .double(Double(value))
        default: nil
        }
    }
}

private struct JSONNodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedJSONNodeContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedJSONNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleJSONNodeContainer(node: node, codingPath: codingPath)
    }
}

// The containers' `encode` is generic: it also witnesses the per-scalar requirements.

private struct KeyedJSONNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.member(key).set(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONNode.encode(value, into: node.member(key), at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        JSONNodeEncoder(node: node.member(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        JSONNodeEncoder(node: node.member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { JSONNodeEncoder(node: node.member(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedJSONNodeContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    mutating func encodeNil() throws { node.element().set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONNode.encode(value, into: node.element(), at: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        JSONNodeEncoder(node: node.element(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONNodeEncoder(node: node.element(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { JSONNodeEncoder(node: node.element(), codingPath: codingPath) }
}

private struct SingleJSONNodeContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONNode.encode(value, into: node, at: codingPath)
    }
}
