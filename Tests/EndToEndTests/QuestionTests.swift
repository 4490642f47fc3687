import ACP
import Foundation
import NIOHTTP1
import SandboxAgentAPI
import SandboxAgentClient
import Testing

/// Questions from agents to the human, with the mock's `/ask` (an `elicitation/create` form).
@Suite("Questions with the mock agent")
struct QuestionTests {
    @Test func aQuestionIsShownAnsweredAndEchoed() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let client = SandboxAgentClient(endpoint: server.url)
            let id = try await client.createTestSession()
            try await client.promptAsync(sessionId: id, text: "/ask Which database?")
            let question = try await client.firstPendingQuestion(sessionId: id)
            #expect(question.message == "Which database?" && question.mode == "form")
            #expect(question.toolCallId != nil && question.expiresAt > question.createdAt)
            let items = try #require(question.questions)
            #expect(items.map(\.id) == ["database", "features", "poolSize"])
            #expect(items[0].required && items[0].multiSelect == false)
            #expect(items[0].options?.map(\.label) == ["postgres", "sqlite"] && items[0].options?.first?.description == "a server")
            #expect(items[1].multiSelect == true && items[1].header == "Features")
            #expect(question.requestedSchema?["type"]?.stringValue == "object")

            let answered = try await client.answerQuestion(
                sessionId: id, questionId: question.id, answer: .accept(["database": "sqlite", "features": ["backups", "migrations"], "poolSize": 5]))
            #expect(answered.action == .accept && answered.by == "client")
            #expect(try await client.lastStopReason(sessionId: id) == "end_turn")
            let transcript = try await Transcript.read(id, from: client)
            #expect(transcript.agentText.contains(#"You answered: {"database":"sqlite","features":["backups","migrations"],"poolSize":5}"#), "\(transcript.agentText)")
            #expect(try transcript.notifications(SandboxAgentMethod.questionRequested, as: Question.self) == [question])
            let resolved = try transcript.notifications(SandboxAgentMethod.questionResolved, as: QuestionResolvedParams.self)
            #expect(resolved.map(\.resolution) == [answered] && resolved.first?.toolCallId == question.toolCallId)
            #expect(answered.content?["database"]?.stringValue == "sqlite")
            let again = await #expect(throws: SandboxAgentClientError.self) {
                try await client.answerQuestion(sessionId: id, questionId: question.id, answer: .decline)
            }
            #expect(again?.status == 409 && again?.problem?.code == "conflict")
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
            let client = SandboxAgentClient(endpoint: server.url)
            let id = try await client.createTestSession()
            try await client.promptAsync(sessionId: id, text: "/ask")
            #expect(try await client.lastStopReason(sessionId: id) == "end_turn")
            let transcript = try await Transcript.read(id, from: client)
            let requested = try #require(try transcript.notifications(SandboxAgentMethod.questionRequested, as: Question.self).first)
            #expect(requested.expiresAt - requested.createdAt == 400)
            #expect(try transcript.notifications(SandboxAgentMethod.questionResolved, as: QuestionResolvedParams.self).map(\.resolution.by) == ["timeout"])
            #expect(try transcript.notifications(SandboxAgentMethod.agentDiagnostic, as: AgentDiagnosticParams.self).contains { $0.kind == "question_timeout" })
            #expect(transcript.agentText.hasSuffix("Cancelled."))
        }
    }

    @Test func dismissingCancellingTheTurnAndEndingTheSessionResolveTheQuestion() async throws {
        try await withServer(["--no-token", "--storage", "memory"]) { server in
            let client = SandboxAgentClient(endpoint: server.url)
            let id = try await client.createTestSession()
            // The user dismisses it.
            try await client.promptAsync(sessionId: id, text: "/ask")
            let first = try await client.firstPendingQuestion(sessionId: id)
            #expect(try await client.answerQuestion(sessionId: id, questionId: first.id, answer: .cancel).action == .cancel)
            #expect(try await client.lastStopReason(sessionId: id) == "end_turn")
            #expect(try await Transcript.read(id, from: client).agentText.hasSuffix("Cancelled."))
            // The turn is cancelled while the question waits.
            try await client.promptAsync(sessionId: id, text: "/ask")
            _ = try await client.firstPendingQuestion(sessionId: id)
            _ = try await client.cancel(sessionId: id)
            #expect(try await client.lastStopReason(sessionId: id) == "cancelled")
            // The session ends while a question waits.
            try await client.promptAsync(sessionId: id, text: "/ask")
            _ = try await client.firstPendingQuestion(sessionId: id)
            #expect(try await client.deleteSession(id: id).status == .ended)
            var resolved: [QuestionResolution] = []
            _ = try await eventually {
                resolved = try await Transcript.read(id, from: client)
                    .notifications(SandboxAgentMethod.questionResolved, as: QuestionResolvedParams.self).map(\.resolution)
                return resolved.count == 3
            }
            #expect(resolved.map(\.by) == ["client", "cancel", "session_end"])
            #expect(resolved.allSatisfy { $0.action == .cancel })
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
