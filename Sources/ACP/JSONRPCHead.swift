import Foundation

/// The routing part of a JSON-RPC message — its id, method, and whether it is a response — read
/// without decoding `params` or `result`. Relays and event logs route and record most messages
/// (streamed `session/update`s) on this alone, and decode the rest only when they need it.
public struct JSONRPCHead: Sendable, Equatable, Decodable {
    public var id: JSONRPCID?
    public var method: String?
    /// True when the message carries `result` or `error`.
    public var isResponse: Bool

    private enum Keys: String, CodingKey {
        case id, method, result, error
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = container.contains(.id) ? try container.decode(JSONRPCID.self, forKey: .id) : nil
        method = try container.decodeIfPresent(String.self, forKey: .method)
        isResponse = method == nil && (container.contains(.result) || container.contains(.error))
        guard method != nil || (id != nil && isResponse) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "neither a request, a notification nor a response"))
        }
    }

    /// Reads the head of one line; throws a `JSONRPCError.parseError` naming the problem.
    public static func parse(_ line: some StringProtocol) throws(JSONRPCError) -> JSONRPCHead {
        do {
            return try JSONDecoder().decode(JSONRPCHead.self, from: Data(line.utf8))
        } catch {
            throw .parseError("\(error)")
        }
    }
}
