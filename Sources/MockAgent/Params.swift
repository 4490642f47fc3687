import ACP

/// Typed access to a request's `params`, throwing -32602 for missing or mistyped members.
struct Params {
    let json: JSONValue?

    init(_ json: JSONValue?) {
        self.json = json
    }

    func string(_ key: String) throws(JSONRPCError) -> String {
        guard let value = json?[key]?.stringValue else { throw .invalidParams("\(key) must be a string") }
        return value
    }

    func array(_ key: String) throws(JSONRPCError) -> [JSONValue] {
        guard let value = json?[key]?.arrayValue else { throw .invalidParams("\(key) must be an array") }
        return value
    }

    func absolutePath(_ key: String) throws(JSONRPCError) -> String {
        let path = try string(key)
        guard path.hasPrefix("/") else { throw .invalidParams("\(key) must be an absolute path") }
        return path
    }
}

extension JSONRPCError {
    /// -32002 with the session id in `data` (codex-acp style).
    static func unknownSession(_ sessionId: String) -> JSONRPCError {
        JSONRPCError(code: -32002, message: "Resource not found", data: ["sessionId": .string(sessionId)])
    }

    /// -32603 for a second `session/prompt` while a turn runs.
    static func promptInProgress(_ sessionId: String) -> JSONRPCError {
        JSONRPCError(code: -32603, message: "prompt already in progress", data: ["sessionId": .string(sessionId)])
    }
}
