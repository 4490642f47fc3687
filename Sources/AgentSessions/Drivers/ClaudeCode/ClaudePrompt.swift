import ACP

/// ACP prompt content blocks as Claude Messages API content.
enum ClaudePrompt {
    static func content(_ blocks: [JSONValue]) -> [JSONValue] {
        blocks.compactMap { block in
            if block["type"]?.stringValue == "image" {
                guard let data = block["data"], let mimeType = block["mimeType"] else { return nil }
                return ["type": "image", "source": ["type": "base64", "media_type": mimeType, "data": data]]
            }
            return PromptText.text(of: block).map { ["type": "text", "text": .string($0)] }
        }
    }
}
