import ACP

/// ACP prompt content blocks as Codex `UserInput`s (`turn/start` `input`).
enum CodexPrompt {
    static func input(_ blocks: [JSONValue]) -> [JSONValue] {
        blocks.compactMap { block in
            if block["type"]?.stringValue == "image" {
                if let data = block["data"]?.stringValue, let mimeType = block["mimeType"]?.stringValue {
                    return ["type": "image", "url": .string("data:\(mimeType);base64,\(data)")]
                }
                guard let uri = block["uri"]?.stringValue else { return nil }
                return uri.hasPrefix("file://") ? ["type": "localImage", "path": .string(String(uri.dropFirst(7)))] : ["type": "image", "url": .string(uri)]
            }
            return PromptText.text(of: block).map { ["type": "text", "text": .string($0)] }
        }
    }
}
