public import ACP
public import SandboxAgentAPI

/// An ACP elicitation form (`requestedSchema`): a flat object whose properties are strings (free,
/// enumerated, bounded), numbers, integers, booleans or arrays of enumerated strings. Turns the
/// schema into questions and checks answers against it.
public struct QuestionForm: Sendable, Equatable {
    /// One property.
    struct Field: Sendable, Equatable {
        var key: String
        var title: String?
        var description: String?
        var type: String
        var required: Bool
        /// Allowed values (enum, oneOf/anyOf consts); for arrays, the allowed items.
        var choices: [Question.Option]?
        var minimum: Double?
        var maximum: Double?
        var minLength: Int?
        var maxLength: Int?
        var minItems: Int?
        var maxItems: Int?
    }

    let fields: [Field]

    /// Reads `schema`; nil with a reason when it is not a form this server can present.
    public static func parse(_ schema: JSONValue?) -> Result<QuestionForm, QuestionFormError> {
        guard let schema, schema["type"]?.stringValue == "object", let properties = schema["properties"]?.objectValue else {
            return .failure(QuestionFormError("requestedSchema must be an object schema with properties"))
        }
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var fields: [Field] = []
        for (key, property) in properties.sorted(by: { $0.key < $1.key }) {
            guard let type = property["type"]?.stringValue, ["string", "number", "integer", "boolean", "array"].contains(type) else {
                return .failure(QuestionFormError("property '\(key)' has no supported type (string, number, integer, boolean, array)"))
            }
            var field = Field(
                key: key, title: property["title"]?.stringValue, description: property["description"]?.stringValue, type: type,
                required: required.contains(key))
            field.choices = choices(type == "array" ? property["items"] : property)
            if type == "array" && field.choices == nil {
                return .failure(QuestionFormError("array property '\(key)' must list its choices (items.enum or items.anyOf)"))
            }
            field.minimum = property["minimum"]?.doubleValue
            field.maximum = property["maximum"]?.doubleValue
            field.minLength = property["minLength"]?.intValue.map(Int.init)
            field.maxLength = property["maxLength"]?.intValue.map(Int.init)
            field.minItems = property["minItems"]?.intValue.map(Int.init)
            field.maxItems = property["maxItems"]?.intValue.map(Int.init)
            fields.append(field)
        }
        return .success(QuestionForm(fields: fields))
    }

    /// `enum` (+ `enumNames`), or `oneOf`/`anyOf` of `{const, title?, description?}`.
    private static func choices(_ property: JSONValue?) -> [Question.Option]? {
        if let values = property?["enum"]?.arrayValue {
            let labels = values.compactMap(\.stringValue)
            return labels.isEmpty ? nil : labels.map { Question.Option(label: $0) }
        }
        guard let alternatives = property?["oneOf"]?.arrayValue ?? property?["anyOf"]?.arrayValue else { return nil }
        let options = alternatives.compactMap { alternative -> Question.Option? in
            guard let value = alternative["const"]?.stringValue else { return nil }
            return Question.Option(label: value, description: alternative["description"]?.stringValue ?? alternative["title"]?.stringValue)
        }
        return options.isEmpty ? nil : options
    }

    /// The questions, in the schema's key order.
    public var questions: [Question.Item] {
        fields.map { field in
            Question.Item(
                id: field.key, header: field.description == nil ? nil : field.title,
                text: field.description ?? field.title ?? field.key, type: field.type,
                multiSelect: field.type == "array" ? true : (field.choices == nil ? nil : false), required: field.required,
                options: field.choices)
        }
    }

    /// `answers` checked against the form: every required field present, no unknown key, each
    /// value of its type, among its choices and within its bounds. Returns the content to send.
    public func validate(_ answers: [String: JSONValue]) -> Result<JSONValue, QuestionFormError> {
        let known = Set(fields.map(\.key))
        if let unknown = answers.keys.sorted().first(where: { !known.contains($0) }) {
            return .failure(QuestionFormError("unknown answer '\(unknown)'; the questions are \(known.sorted().joined(separator: ", "))"))
        }
        for field in fields {
            guard let value = answers[field.key], value != .null else {
                if field.required { return .failure(QuestionFormError("answer '\(field.key)' is required")) }
                continue
            }
            if let problem = check(value, against: field) { return .failure(QuestionFormError("answer '\(field.key)' \(problem)")) }
        }
        return .success(.object(answers.filter { $0.value != .null }))
    }

    private func check(_ value: JSONValue, against field: Field) -> String? {
        let labels = field.choices?.map(\.label)
        switch field.type {
        case "string":
            guard let text = value.stringValue else { return "must be a string" }
            if let labels, !labels.contains(text) { return "must be one of \(labels.joined(separator: ", ")), not '\(text)'" }
            if let minimum = field.minLength, text.count < minimum { return "must be at least \(minimum) characters" }
            if let maximum = field.maxLength, text.count > maximum { return "must be at most \(maximum) characters" }
        case "number", "integer":
            guard let number = value.doubleValue else { return "must be a number" }
            if field.type == "integer" && number.rounded() != number { return "must be a whole number" }
            if let minimum = field.minimum, number < minimum { return "must be at least \(Self.format(minimum))" }
            if let maximum = field.maximum, number > maximum { return "must be at most \(Self.format(maximum))" }
        case "boolean":
            guard value.boolValue != nil else { return "must be true or false" }
        default:
            guard let items = value.arrayValue else { return "must be an array of choices" }
            let texts = items.compactMap(\.stringValue)
            guard texts.count == items.count else { return "must hold strings only" }
            if let labels, let bad = texts.first(where: { !labels.contains($0) }) {
                return "has '\(bad)', which is not one of \(labels.joined(separator: ", "))"
            }
            if Set(texts).count != texts.count { return "repeats a choice" }
            if let minimum = field.minItems, texts.count < minimum { return "needs at least \(minimum) choices" }
            if let maximum = field.maxItems, texts.count > maximum { return "allows at most \(maximum) choices" }
        }
        return nil
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number ? String(Int64(number)) : String(number)
    }
}

/// Why a form or an answer is not acceptable (the message names the field).
public struct QuestionFormError: Error, Sendable, Equatable {
    public var message: String
    init(_ message: String) { self.message = message }
}
