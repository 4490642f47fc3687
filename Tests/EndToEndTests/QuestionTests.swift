import Foundation
import NIOHTTP1
import Testing

/// Questions from agents to the human, with the mock's `/ask` (an `elicitation/create` form).
@Suite("Questions with the mock agent")
struct QuestionTests {
    @Test func aQuestionIsShownAnsweredAndEchoed() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            #expect(try await api.prompt(id, "/ask Which database?", wait: false).status == 202)
            let question = try await api.pendingQuestion(id)
            let questionId = try #require(question["id"] as? String)
            #expect(question["message"] as? String == "Which database?" && question["mode"] as? String == "form")
            #expect(question["toolCallId"] as? String != nil && (question["expiresAt"] as? Int64 ?? 0) > (question["createdAt"] as? Int64 ?? .max))
            let items = try #require(question["questions"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == ["database", "features", "poolSize"])
            let database = items[0]
            #expect(database["required"] as? Bool == true && database["multiSelect"] as? Bool == false)
            #expect((database["options"] as? [[String: Any]])?.map { $0["label"] as? String } == ["postgres", "sqlite"])
            #expect((database["options"] as? [[String: Any]])?.first?["description"] as? String == "a server")
            #expect(items[1]["multiSelect"] as? Bool == true && items[1]["header"] as? String == "Features")
            #expect((question["requestedSchema"] as? [String: Any])?["type"] as? String == "object")

            let answered = try await api.answer(id, questionId, ["answers": ["database": "sqlite", "features": ["backups", "migrations"], "poolSize": 5]])
            #expect(answered.status == 200, "\(answered.text)")
            #expect(try answered.json()["action"] as? String == "accept")
            #expect(try await api.stopReason(id) == "end_turn")
            let echoed = try await api.events(id).text(of: "agent_message_chunk")
            #expect(echoed.contains(#"You answered: {"database":"sqlite","features":["backups","migrations"],"poolSize":5}"#), "\(echoed)")
            let events = try await api.events(id)
            #expect(events.server("_sandboxagent/question/requested").first?["id"] as? String == questionId)
            let resolved = try #require(events.server("_sandboxagent/question/resolved").first)
            #expect(resolved["action"] as? String == "accept" && resolved["by"] as? String == "client")
            #expect((resolved["content"] as? [String: Any])?["database"] as? String == "sqlite")
            let again = try await api.answer(id, questionId, ["action": "decline"])
            #expect(again.status == 409 && again.problemCode == "conflict")
        }
    }

    @Test func answersAreCheckedAgainstTheForm() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            #expect(try await api.prompt(id, "/ask", wait: false).status == 202)
            let questionId = try #require(try await api.pendingQuestion(id)["id"] as? String)
            let bad: [([String: Any], String)] = [
                (["answers": ["database": "mysql"]], "answer 'database' must be one of postgres, sqlite, not 'mysql'"),
                (["answers": ["features": ["backups"]]], "answer 'database' is required"),
                (["answers": ["database": "sqlite", "color": "red"]], "unknown answer 'color'"),
                (["answers": ["database": "sqlite", "poolSize": 0]], "answer 'poolSize' must be at least 1"),
                (["answers": ["database": "sqlite", "poolSize": 2.5]], "answer 'poolSize' must be a whole number"),
                (["answers": ["database": "sqlite", "poolSize": "five"]], "answer 'poolSize' must be a number"),
                (["answers": ["database": "sqlite", "features": ["nope"]]], "answer 'features' has 'nope', which is not one of"),
                (["answers": ["database": 1]], "answer 'database' must be a string"),
                (["answers": ["database": "sqlite"], "action": "decline"], "'answers' goes with action accept"),
                (["action": "maybe"], "action must be accept, decline or cancel"),
                ([:], "send 'answers'"),
                (["answer": "x"], "send 'answers'"),  // an unknown field is ignored; nothing valid is left
            ]
            for (body, message) in bad {
                let result = try await api.answer(id, questionId, body)
                let detail = (try? result.json()["detail"] as? String) ?? result.text
                #expect(result.status == 400 && detail.contains(message), "\(body) → \(result.status) \(detail)")
            }
            let unknown = try await api.answer(id, "q_999", ["action": "decline"])
            #expect(unknown.status == 404 && unknown.problemCode == "question_not_found")
            // Still pending after every refusal; a decline reaches the agent.
            #expect(try await api.answer(id, questionId, ["action": "decline"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Declined."))
        }
    }

    @Test func anUnansweredQuestionIsCancelledAtTheDeadline() async throws {
        try await withServer(["--no-token", "--storage", "memory", "--question-timeout-ms", "400"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            #expect(try await api.prompt(id, "/ask", wait: false).status == 202)
            #expect(try await api.stopReason(id) == "end_turn")
            let events = try await api.events(id)
            let requested = try #require(events.server("_sandboxagent/question/requested").first)
            #expect((requested["expiresAt"] as? Int64 ?? 0) - (requested["createdAt"] as? Int64 ?? 0) == 400)
            #expect(events.server("_sandboxagent/question/resolved").map { $0["by"] as? String } == ["timeout"])
            #expect(events.server("_sandboxagent/agent/diagnostic").contains { $0["kind"] as? String == "question_timeout" })
            #expect(events.text(of: "agent_message_chunk").hasSuffix("Cancelled."))
        }
    }

    @Test func dismissingCancellingTheTurnAndEndingTheSessionResolveTheQuestion() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            // The user dismisses it.
            #expect(try await api.prompt(id, "/ask", wait: false).status == 202)
            let first = try #require(try await api.pendingQuestion(id)["id"] as? String)
            #expect(try await api.answer(id, first, ["action": "cancel"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Cancelled."))
            // The turn is cancelled while the question waits.
            #expect(try await api.prompt(id, "/ask", wait: false).status == 202)
            _ = try await api.pendingQuestion(id)
            #expect(try await HTTP.send(.POST, server.address("/v1/sessions/\(id)/cancel")).status == 200)
            #expect(try await api.stopReason(id) == "cancelled")
            // The session ends while a question waits.
            #expect(try await api.prompt(id, "/ask", wait: false).status == 202)
            _ = try await api.pendingQuestion(id)
            #expect(try await HTTP.send(.DELETE, server.address("/v1/sessions/\(id)")).status == 200)
            _ = try await eventually { try await api.events(id).server("_sandboxagent/question/resolved").count == 3 }
            let resolved = try await api.events(id).server("_sandboxagent/question/resolved")
            #expect(resolved.map { $0["by"] as? String } == ["client", "cancel", "session_end"])
            #expect(resolved.allSatisfy { $0["action"] as? String == "cancel" })
        }
    }

    @Test func theCLIListsAndAnswersQuestions() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let api = SessionAPI(server: server)
            let id = try await api.create()
            #expect(try await api.prompt(id, "/ask Pick one", wait: false).status == 202)
            let questionId = try #require(try await api.pendingQuestion(id)["id"] as? String)
            let endpoint = ["--endpoint", server.url.absoluteString]
            let listed = try await sandboxAgent(["api", "sessions", "questions", id] + endpoint)
            #expect(listed.code == 0 && listed.stdout.contains("\(questionId): Pick one") && listed.stdout.contains("- sqlite: embedded, one file"), "\(listed.stdout)")
            let refused = try await sandboxAgent(["api", "sessions", "answer", id, questionId, "database=oracle"] + endpoint)
            #expect(refused.code == 1 && refused.stderr.contains("must be one of postgres, sqlite"), "\(refused.stderr)")
            let answered = try await sandboxAgent(
                ["api", "sessions", "answer", id, questionId, "database=postgres", "features=backups", "features=replication", "poolSize=8"] + endpoint)
            #expect(answered.code == 0, "\(answered.stderr)")
            #expect(answered.stdout == #"\#(questionId): accept: {"database":"postgres","features":["backups","replication"],"poolSize":8}"# + "\n")
            #expect(try await api.stopReason(id) == "end_turn")
        }
    }
}
