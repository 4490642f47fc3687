public import ACP

/// Checks a prompt before it reaches the agent: ACP `ContentBlock`s with their required fields,
/// or a plain string (one text block).
public enum PromptContent {
    /// The prompt as ACP content blocks; throws `invalidRequest` naming the bad block and field.
    public static func blocks(from prompt: JSONValue) throws(AgentSessionError) -> [JSONValue] {
        if let text = prompt.stringValue {
            guard !text.isEmpty else { throw AgentSessionError(.invalidRequest, "prompt must not be empty") }
            return [["type": "text", "text": .string(text)]]
        }
        guard let blocks = prompt.arrayValue, !blocks.isEmpty else {
            throw AgentSessionError(.invalidRequest, "prompt must be a string or a non-empty array of ACP content blocks")
        }
        for (index, block) in blocks.enumerated() {
            guard let type = block["type"]?.stringValue else {
                throw AgentSessionError(.invalidRequest, "prompt[\(index)] must be an object with a string 'type'")
            }
            guard let required = requiredFields[type] else {
                throw AgentSessionError(
                    .invalidRequest,
                    "prompt[\(index)].type '\(type)' is not an ACP content block type (\(requiredFields.keys.sorted().joined(separator: ", ")))")
            }
            for field in required where block[field] == nil || block[field] == .null {
                throw AgentSessionError(.invalidRequest, "prompt[\(index)] (\(type)) is missing '\(field)'")
            }
            if type == "text", block["text"]?.stringValue == nil {
                throw AgentSessionError(.invalidRequest, "prompt[\(index)].text must be a string")
            }
        }
        return blocks
    }

    private static let requiredFields: [String: [String]] = [
        "text": ["text"],
        "image": ["data", "mimeType"],
        "audio": ["data", "mimeType"],
        "resource_link": ["uri", "name"],
        "resource": ["resource"],
    ]
}
