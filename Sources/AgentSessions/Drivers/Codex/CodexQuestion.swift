import ACP

/// Codex's `item/tool/requestUserInput` (its `request_user_input` tool) as an ACP
/// `elicitation/create` form, and the user's answers back as Codex expects them:
/// `{"answers": {"<question id>": {"answers": ["<label>"]}}}`.
struct CodexQuestion: Sendable {
    let keys: [String]
    let requestedSchema: JSONValue
    let message: String

    /// Nil when the request holds no question with an id and a text.
    init?(params: JSONValue) {
        var questions: [QuestionSchema.Question] = []
        for question in params["questions"]?.arrayValue ?? [] {
            guard let key = question["id"]?.stringValue, let text = question["question"]?.stringValue else { return nil }
            questions.append(QuestionSchema.Question(
                key: key, header: question["header"]?.stringValue, text: text,
                options: QuestionSchema.options(question["options"]), multiSelect: false))
        }
        guard !questions.isEmpty else { return nil }
        keys = questions.map(\.key)
        requestedSchema = QuestionSchema.form(questions)
        message = questions.count == 1 ? questions[0].text : "Codex has \(questions.count) questions"
    }

    /// The response to Codex for the client's `elicitation/create` result; a decline or cancel
    /// answers nothing (Codex tells the model no answer came).
    func answer(to result: ElicitationCreateResult?) -> JSONValue {
        guard let result, result.action == .accept else { return ["answers": [:]] }
        var answers: [String: JSONValue] = [:]
        for key in keys {
            let labels = QuestionSchema.labels(result.content?[key])
            if !labels.isEmpty { answers[key] = ["answers": .array(labels.map(JSONValue.string))] }
        }
        return ["answers": .object(answers)]
    }
}
