import Foundation

extension JSONValue {
    /// This value (a request's `params`, a response's `result`) decoded as `type`. A value that
    /// does not fit is JSON-RPC invalid params (-32602) naming the member at fault:
    /// `cwd is required`, `cwd must be a string`, `prompt[0] must be an object`; members the
    /// type does not name are ignored.
    public func decoded<Value: Decodable>(as type: Value.Type = Value.self) throws(JSONRPCError) -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(self))
        } catch let error as DecodingError {
            throw .invalidParams(Self.problem(error))
        } catch {
            throw .invalidParams("\(error)")
        }
    }

    /// What is wrong, named by the member's path (`params` for the value itself).
    private static func problem(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): "\(path(context.codingPath + [key])) is required"
        case .valueNotFound(let type, let context): "\(path(context.codingPath)) must be \(kind(type)), not null"
        case .typeMismatch(let type, let context): "\(path(context.codingPath)) must be \(kind(type))"
        case .dataCorrupted(let context): "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }

    /// `cwd`, `prompt[0].text`; `params` for the top level.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "params" }
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path
    }

    /// The JSON kind a Swift type decodes from, for a message.
    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is any BinaryInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        // A container asked of a value of another kind (null, say) names the container.
        case _ where "\(type)".hasPrefix("KeyedDecodingContainer"): "an object"
        case _ where "\(type)".hasPrefix("UnkeyedDecodingContainer"): "an array"
        default: "\(type)"
        }
    }
}
