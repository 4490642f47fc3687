import ACP
import ArgumentParser
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api sessions questions ID`: the agent's pending questions.
struct APISessionsQuestionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questions",
        abstract: "List the questions the agent is waiting for a human to answer.",
        discussion: """
            Each question has an id (q_1, …), a message and either a form of questions (with their \
            choices) or a URL to visit. Answer with `sandbox-agent api sessions answer ID QUESTION_ID \
            key=value…`. Unanswered questions are cancelled after the server's question timeout.
            """)

    @OptionGroup var options: APIOptions

    @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
    var id: String

    func run() async throws {
        try await options.withClient { client in
            let questions = try await client.pendingQuestions(sessionId: id)
            let text = questions.isEmpty ? "no pending questions" : questions.map(Self.describe).joined(separator: "\n")
                + "\nanswer with: sandbox-agent api sessions answer \(id) QUESTION_ID key=value… (or --decline, --cancel)"
            try options.print(QuestionListResponse(questions: questions), text: text)
        }
    }

    static func describe(_ question: Question) -> String {
        var lines = ["\(question.id): \(question.message)"]
        if let url = question.url { lines.append("  visit \(url), then answer with --accept (or --decline)") }
        for item in question.questions ?? [] {
            let header = item.header.map { "[\($0)] " } ?? ""
            let required = item.required ? " (required)" : ""
            lines.append("  \(item.id): \(header)\(item.text)\(required)")
            for option in item.options ?? [] {
                lines.append("    - \(option.label)\(option.description.map { ": \($0)" } ?? "")")
            }
            if item.multiSelect == true { lines.append("    (several: repeat \(item.id)=… or give a JSON array)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// `sandbox-agent api sessions answer ID QUESTION_ID key=value…`: answers a question.
struct APISessionsAnswerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Answer, decline or cancel a question the agent asked.",
        discussion: """
            Answers are key=value pairs, one per question id. A value that is valid JSON (a number, \
            true/false, an array) is sent as such, anything else as text; a key given more than once \
            becomes an array (multiple choice). --answers-json sends a whole answers object instead. The \
            server checks the answers against the question's choices and bounds and says what is \
            wrong. Prints what the agent received.

            Examples:
              sandbox-agent api sessions answer sess_… q_1 database=postgres features=backups features=migrations
              sandbox-agent api sessions answer sess_… q_1 --answers-json '{"database": "sqlite", "poolSize": 5}'
              sandbox-agent api sessions answer sess_… q_2 --decline
            """)

    @OptionGroup var options: APIOptions

    @Option(help: ArgumentHelp("The answers as one JSON object.", valueName: "object"))
    var answersJson: String?

    @Flag(help: "Accept a URL question (no answers).")
    var accept = false

    @Flag(help: "Decline to answer.")
    var decline = false

    @Flag(help: "Dismiss the question without a choice.")
    var cancel = false

    @Argument(help: "Session id, for example sess_4f1c2b7a9d0e3f6a8b1c.")
    var id: String

    @Argument(help: "Question id, for example q_1.")
    var questionId: String

    @Argument(help: "Answers as key=value.")
    var answers: [String] = []

    func validate() throws {
        let ways = [!answers.isEmpty || answersJson != nil, accept, decline, cancel].filter { $0 }.count
        if ways != 1 { throw ValidationError("give answers (key=value or --answers-json), or exactly one of --accept, --decline, --cancel") }
        if !answers.isEmpty && answersJson != nil { throw ValidationError("give key=value answers or --answers-json, not both") }
        if let bad = answers.first(where: { !$0.contains("=") || $0.hasPrefix("=") }) {
            throw ValidationError("answers are key=value, got '\(bad)'")
        }
    }

    func run() async throws {
        let answer = try makeAnswer()
        try await options.withClient { client in
            let resolution = try await client.answerQuestion(sessionId: id, questionId: questionId, answer: answer)
            let content = resolution.content.map { ": \($0.jsonText)" } ?? ""
            try options.print(resolution, text: "\(resolution.id): \(resolution.action)\(content)")
        }
    }

    private func makeAnswer() throws -> QuestionAnswer {
        if decline { return .decline }
        if cancel { return .cancel }
        if accept { return .accept(nil) }
        if let answersJson {
            guard let object = (try? JSONValue(jsonText: answersJson))?.objectValue else {
                throw ValidationError("--answers-json must be a JSON object, got \(answersJson)")
            }
            return .accept(object)
        }
        var values: [String: [JSONValue]] = [:]
        for pair in answers {
            let key = String(pair[..<pair.firstIndex(of: "=")!])
            let text = String(pair[pair.index(after: pair.firstIndex(of: "=")!)...])
            let value = (try? JSONValue(jsonText: text)).flatMap { $0.stringValue == nil && $0 != .null ? $0 : nil } ?? .string(text)
            values[key, default: []].append(value)
        }
        return .accept(values.mapValues { $0.count == 1 ? $0[0] : .array($0) })
    }
}
