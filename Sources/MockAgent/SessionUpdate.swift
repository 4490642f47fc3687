import ACP

/// Builders for `session/update` notifications and the content shapes they carry.
enum SessionUpdate {
    /// `{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":…,"update":{"sessionUpdate":kind,…}}}`
    static func notification(session sessionId: String, kind: SessionUpdateKind, _ fields: [String: JSONValue]) -> JSONRPCMessage {
        SessionUpdateParams.notification(sessionId: sessionId, update: kind.update(fields))
    }

    /// A `text` content block.
    static func text(_ text: String) -> JSONValue {
        ["type": "text", "text": .string(text)]
    }

    /// A tool-call `content` item wrapping a text block.
    static func toolText(_ text: String) -> JSONValue {
        ["type": "content", "content": self.text(text)]
    }

    /// Splits text after every space, so the pieces concatenate to the text exactly.
    static func words(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
