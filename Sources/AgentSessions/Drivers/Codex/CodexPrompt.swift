import ACP

/// ACP prompt content blocks as Codex `UserInput`s (`turn/start` `input`).
enum CodexPrompt {
    static func input(_ blocks: [JSONValue]) -> [JSONValue] {
        blocks.compactMap { block in
            switch block["type"]?.stringValue {
            case "text":
                return ["type": "text", "text": block["text"] ?? ""]
            case "image":
                if let data = block["data"]?.stringValue, let mimeType = block["mimeType"]?.stringValue {
                    return ["type": "image", "url": .string("data:\(mimeType);base64,\(data)")]
                }
                guard let uri = block["uri"]?.stringValue else { return nil }
                return uri.hasPrefix("file://") ? ["type": "localImage", "path": .string(String(uri.dropFirst(7)))] : ["type": "image", "url": .string(uri)]
            case "resource":
                let resource = block["resource"] ?? .null
                guard let text = resource["text"]?.stringValue else { return nil }
                let uri = resource["uri"]?.stringValue ?? "resource"
                return ["type": "text", "text": .string("<context ref=\"\(uri)\">\n\(text)\n</context>")]
            case "resource_link":
                return ["type": "text", "text": .string("@\(block["uri"]?.stringValue ?? block["name"]?.stringValue ?? "")")]
            default:
                return nil
            }
        }
    }
}
