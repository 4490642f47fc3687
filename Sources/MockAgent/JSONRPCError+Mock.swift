import ACP

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
