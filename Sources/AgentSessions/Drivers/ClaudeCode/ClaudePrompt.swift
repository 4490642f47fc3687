import ACP

/// ACP prompt content blocks as Claude Messages API content.
enum ClaudePrompt {
    static func content(_ blocks: [JSONValue]) -> [JSONValue] {
        blocks.compactMap { block in
            switch block["type"]?.stringValue {
            case "text":
                return ["type": "text", "text": block["text"] ?? ""]
            case "image":
                guard let data = block["data"], let mimeType = block["mimeType"] else { return nil }
                return ["type": "image", "source": ["type": "base64", "media_type": mimeType, "data": data]]
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
