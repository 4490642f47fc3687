import ACP

/// The text form of ACP prompt blocks that native CLIs take as plain text: a text block, an
/// embedded resource (`<context ref="uri">…</context>`) or a resource link (`@uri`). Images and
/// unknown blocks have none; each driver converts images its own way.
enum PromptText {
    static func text(of block: JSONValue) -> String? {
        switch block["type"]?.stringValue {
        case "text":
            return block["text"]?.stringValue ?? ""
        case "resource":
            let resource = block["resource"] ?? .null
            guard let text = resource["text"]?.stringValue else { return nil }
            return "<context ref=\"\(resource["uri"]?.stringValue ?? "resource")\">\n\(text)\n</context>"
        case "resource_link":
            return "@\(block["uri"]?.stringValue ?? block["name"]?.stringValue ?? "")"
        default:
            return nil
        }
    }
}
