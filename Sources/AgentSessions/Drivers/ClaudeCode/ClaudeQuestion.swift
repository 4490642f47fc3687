import ACP

/// Claude Code's `AskUserQuestion` tool as an ACP `elicitation/create` form, and the user's answers
/// back in the shape the CLI expects: `updatedInput.answers`, keyed by question text, each the
/// chosen label (several joined with ", ").
struct ClaudeQuestion: Sendable {
    /// One question of the tool input, under the form key `q1`, `q2`, …
    struct Entry: Sendable {
        var key: String
        var text: String
        var multiSelect: Bool
    }

    let input: JSONValue
    let entries: [Entry]

    /// Nil when the input holds no question this form can present.
    init?(input: JSONValue) {
        let questions = input["questions"]?.arrayValue ?? []
        var entries: [Entry] = []
        for (index, question) in questions.enumerated() {
            guard let text = question["question"]?.stringValue else { return nil }
            entries.append(Entry(key: "q\(index + 1)", text: text, multiSelect: question["multiSelect"]?.boolValue ?? false))
        }
        guard !entries.isEmpty else { return nil }
        self.input = input
        self.entries = entries
    }

    /// The message of the form: the question when there is one, else a summary.
    var message: String {
        entries.count == 1 ? entries[0].text : "Claude has \(entries.count) questions"
    }

    /// One property per question: a choice among its labels (several when `multiSelect`), titled
    /// with its header.
    var requestedSchema: JSONValue {
        let questions = input["questions"]?.arrayValue ?? []
        return QuestionSchema.form(zip(entries, questions).map { entry, question in
            QuestionSchema.Question(
                key: entry.key, header: question["header"]?.stringValue, text: entry.text,
                options: QuestionSchema.options(question["options"]), multiSelect: entry.multiSelect)
        })
    }

    /// The `can_use_tool` answer for the client's `elicitation/create` result.
    func answer(to result: ElicitationCreateResult?) -> JSONValue {
        switch result?.action {
        case .accept?:
            var answers: [String: JSONValue] = [:]
            for entry in entries {
                let labels = QuestionSchema.labels(result?.content?[entry.key])
                if !labels.isEmpty { answers[entry.text] = .string(labels.joined(separator: ", ")) }
            }
            var updated = input.objectValue ?? [:]
            updated["answers"] = .object(answers)
            return ["behavior": "allow", "updatedInput": .object(updated)]
        case .decline?:
            return ["behavior": "deny", "message": "The user declined to answer"]
        default:
            return ["behavior": "deny", "message": "The user dismissed the question without answering"]
        }
    }
}
