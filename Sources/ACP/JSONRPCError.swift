/// The `error` member of a JSON-RPC response.
public struct JSONRPCError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var description: String {
        "JSON-RPC error \(code): \(message)" + (data.map { " (\($0))" } ?? "")
    }

    public static func parseError(_ detail: String? = nil) -> JSONRPCError {
        JSONRPCError(code: -32700, message: "Parse error", data: detail.map { .string($0) })
    }
    public static func invalidRequest(_ detail: String? = nil) -> JSONRPCError {
        JSONRPCError(code: -32600, message: "Invalid request", data: detail.map { .string($0) })
    }
    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: -32601, message: "Method not found", data: ["method": .string(method)])
    }
    public static func invalidParams(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32602, message: "Invalid params", data: .string(detail))
    }
    public static func internalError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32603, message: "Internal error", data: ["details": .string(detail)])
    }
    public static let requestCancelled = JSONRPCError(code: -32800, message: "Request cancelled")
    public static func resourceNotFound(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32002, message: "Resource not found", data: .string(detail))
    }
}
