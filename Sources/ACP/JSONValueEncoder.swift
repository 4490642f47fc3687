extension JSONValue {
    /// `value` as JSON, for typed params and updates sent in a ``JSONRPCMessage``: encoded
    /// straight into a JSON value, without the bytes `JSONEncoder` writes and `JSONDecoder` reads
    /// back (the path of every streamed `session/update`; the mock agent's `/flood` sends well
    /// over 100,000 a second). Nil optionals are left out, numbers keep their
    /// Swift type (a `Double` stays ``double(_:)``), a `JSONValue` member is taken as it is. For
    /// plain `Codable` types (no `Date`, `Data` or `URL` members, which `JSONEncoder` treats apart).
    public init(encoding value: some Encodable) {
        let node = JSONNode()
        try? JSONNode.encode(value, scalar: node.set, node: { node }, at: [])
        self = node.json
    }
}

/// One value being encoded: a finished value, or an object or array whose members are finished
/// values or nodes of their own (nested containers write into them after the parent handed them
/// out). Scalars and `JSONValue`s are stored as they come, without a node or a coding path.
private final class JSONNode {
    private enum Member {
        case value(JSONValue)
        case node(JSONNode)

        var json: JSONValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.json
            }
        }
    }

    private enum Shape { case value, object, array }
    private var shape = Shape.value
    private var value = JSONValue.object([:])
    private var members: [String: Member] = [:]
    private var elements: [Member] = []

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

    func set(_ value: JSONValue, at key: any CodingKey) {
        makeObject()
        members[key.stringValue] = .value(value)
    }

    func append(_ value: JSONValue) {
        makeArray()
        elements.append(.value(value))
    }

    func member(_ key: any CodingKey) -> JSONNode {
        makeObject()
        let node = JSONNode()
        members[key.stringValue] = .node(node)
        return node
    }

    func element() -> JSONNode {
        makeArray()
        let node = JSONNode()
        elements.append(.node(node))
        return node
    }

    /// Stores `value` with `store` when it is a scalar, else encodes it into the node `node` makes.
    static func encode(
        _ value: some Encodable, scalar store: (JSONValue) -> Void, node: () -> JSONNode, at path: @autoclosure () -> [any CodingKey]
    ) throws {
        if let primitive = primitive(value) {
            store(primitive)
        } else {
            try value.encode(to: JSONNodeEncoder(node: node(), codingPath: path()))
        }
    }

    /// The value of a `JSONValue` or a standard-library scalar; nil for a type that encodes itself.
    static func primitive(_ value: some Encodable) -> JSONValue? {
        (value as? any JSONScalar)?.json
    }
}

/// The types stored as they are (one conformance lookup tells them from types that encode themselves).
private protocol JSONScalar {
    var json: JSONValue { get }
}

extension JSONValue: JSONScalar {
    var json: JSONValue { self }
}

extension String: JSONScalar {
    var json: JSONValue { .string(self) }
}

extension Bool: JSONScalar {
    var json: JSONValue { .bool(self) }
}

extension Double: JSONScalar {
    var json: JSONValue { .double(self) }
}

extension Float: JSONScalar {
    var json: JSONValue { .double(Double(self)) }
}

extension Int: JSONScalar {}
extension Int8: JSONScalar {}
extension Int16: JSONScalar {}
extension Int32: JSONScalar {}
extension Int64: JSONScalar {}
extension UInt: JSONScalar {}
extension UInt8: JSONScalar {}
extension UInt16: JSONScalar {}
extension UInt32: JSONScalar {}
extension UInt64: JSONScalar {}

extension BinaryInteger where Self: JSONScalar {
    /// An integer past `Int64` (a huge `UInt64`) as a double, as `JSONEncoder` writes it.
    var json: JSONValue { Int64(exactly: self).map(JSONValue.int) ?? .double(Double(self)) }
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

    mutating func encodeNil(forKey key: Key) throws { node.set(.null, at: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try JSONNode.encode(value, scalar: { node.set($0, at: key) }, node: { node.member(key) }, at: codingPath + [key])
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

    mutating func encodeNil() throws { node.append(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try JSONNode.encode(value, scalar: node.append, node: node.element, at: codingPath)
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
        try JSONNode.encode(value, scalar: node.set, node: { node }, at: codingPath)
    }
}
