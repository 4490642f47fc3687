import Foundation

/// One JSON-RPC 2.0 message, as read from or written to an ACP peer.
///
/// Exactly one shape holds: a request (`id` + `method`), a notification (`method`, no `id`), or a
/// response (`id` + `result` or `error`).
public enum JSONRPCMessage: Sendable, Hashable {
    case request(id: JSONRPCID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response(id: JSONRPCID, result: Result<JSONValue, JSONRPCError>)

    /// The method of a request or notification.
    public var method: String? {
        switch self {
        case .request(_, let method, _), .notification(let method, _): method
        case .response: nil
        }
    }

    public var params: JSONValue? {
        switch self {
        case .request(_, _, let params), .notification(_, let params): params
        case .response: nil
        }
    }
}

extension JSONRPCMessage: Codable {
    private enum Keys: String, CodingKey {
        case jsonrpc, id, method, params, result, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let method = try container.decodeIfPresent(String.self, forKey: .method)
        let hasID = container.contains(.id)
        let id = hasID ? try container.decode(JSONRPCID.self, forKey: .id) : nil
        if let method {
            let params = try container.decodeIfPresent(JSONValue.self, forKey: .params)
            if let id {
                self = .request(id: id, method: method, params: params)
            } else {
                self = .notification(method: method, params: params)
            }
            return
        }
        guard let id else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "neither a method nor an id"))
        }
        if let error = try container.decodeIfPresent(JSONRPCError.self, forKey: .error) {
            self = .response(id: id, result: .failure(error))
        } else if container.contains(.result) {
            self = .response(id: id, result: .success(try container.decode(JSONValue.self, forKey: .result)))
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "a response needs result or error"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        switch self {
        case .request(let id, let method, let params):
            try container.encode(id, forKey: .id)
            try container.encode(method, forKey: .method)
            try container.encodeIfPresent(params, forKey: .params)
        case .notification(let method, let params):
            try container.encode(method, forKey: .method)
            try container.encodeIfPresent(params, forKey: .params)
        case .response(let id, .success(let result)):
            try container.encode(id, forKey: .id)
            try container.encode(result, forKey: .result)
        case .response(let id, .failure(let error)):
            try container.encode(id, forKey: .id)
            try container.encode(error, forKey: .error)
        }
    }

    /// The message as one line of JSON without the trailing newline (JSON escapes every newline
    /// inside strings, so the line never contains a raw one).
    public func line() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data(#"{"jsonrpc":"2.0"}"#.utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Parses one line; throws a `JSONRPCError.parseError` naming the problem.
    public static func parse(_ line: some StringProtocol) throws(JSONRPCError) -> JSONRPCMessage {
        do {
            return try JSONDecoder().decode(JSONRPCMessage.self, from: Data(line.utf8))
        } catch {
            throw .parseError("\(error)")
        }
    }
}
