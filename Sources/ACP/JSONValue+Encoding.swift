import Foundation

extension JSONValue {
    /// `value` as JSON, for typed params sent in a ``JSONRPCMessage``; `null` if it cannot be
    /// encoded (the params types here always can).
    public init(encoding value: some Encodable) {
        let data = (try? JSONEncoder().encode(value)) ?? Data("null".utf8)
        self = (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null
    }
}
