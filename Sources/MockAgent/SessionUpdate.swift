import ACP

/// The content shapes `session/update` notifications carry.
enum SessionUpdate {
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
