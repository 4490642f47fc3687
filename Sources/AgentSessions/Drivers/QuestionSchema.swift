import ACP

/// Builds the `elicitation/create` form for a native agent's multiple-choice questions (Claude's
/// `AskUserQuestion`, Codex's `request_user_input`): one property per question.
enum QuestionSchema {
    /// One question: its text, an optional header, its choices (none: free text).
    struct Question {
        var key: String
        var header: String?
        var text: String
        var options: [(label: String, description: String?)]
        var multiSelect: Bool
    }

    /// The flat object schema, every question required.
    static func form(_ questions: [Question]) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for question in questions {
            let choices: [JSONValue] = question.options.map { option in
                var choice: [String: JSONValue] = ["const": .string(option.label), "title": .string(option.label)]
                if let description = option.description { choice["description"] = .string(description) }
                return .object(choice)
            }
            var property: [String: JSONValue] = ["description": .string(question.text), "type": "string"]
            if let header = question.header { property["title"] = .string(header) }
            if !choices.isEmpty && question.multiSelect {
                property["type"] = "array"
                property["items"] = ["type": "string", "anyOf": .array(choices)]
                property["minItems"] = 1
            } else if !choices.isEmpty {
                property["oneOf"] = .array(choices)
            }
            properties[question.key] = .object(property)
        }
        return ["type": "object", "properties": .object(properties), "required": .array(questions.map { .string($0.key) })]
    }

    /// `{label, description?}` objects as options.
    static func options(_ values: JSONValue?) -> [(label: String, description: String?)] {
        (values?.arrayValue ?? []).compactMap { option in
            option["label"]?.stringValue.map { ($0, option["description"]?.stringValue) }
        }
    }

    /// The labels an answer holds: one string, or an array of them.
    static func labels(_ value: JSONValue?) -> [String] {
        if let label = value?.stringValue { return [label] }
        return value?.arrayValue?.compactMap(\.stringValue) ?? []
    }
}
