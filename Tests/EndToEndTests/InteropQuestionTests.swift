import ACP
import Foundation
import SandboxAgentAPI
import SandboxAgentClient
import Testing

/// Questions from an ACP agent we did not write: the Python-SDK fake's `/elicit` sends
/// `elicitation/create` (form and URL mode), answered through the typed client.
@Suite("Interop: elicitation from an ACP agent", .enabled(if: FakeAgent.sdkAvailable, Comment(rawValue: FakeAgent.skipMessage)))
struct InteropQuestionTests {
    @Test func aFormIsValidatedAndItsAnswerReachesTheAgent() async throws {
        try await withFakeAgentServer([FakeAgent.Declaration(id: "fake")]) { server, _, work in
            let client = SandboxAgentClient(endpoint: server.url)
            let id = try await client.createTestSession(agent: "fake", cwd: work.path)
            try await client.promptAsync(sessionId: id, text: "/elicit")
            let question = try await client.firstPendingQuestion(sessionId: id)
            #expect(question.message == "How aggressive should the refactor be?")
            let items = try #require(question.questions)
            #expect(items.map(\.id) == ["files", "notes", "strategy"])
            #expect(items.first { $0.id == "strategy" }?.required == true)
            for (answers, message) in [
                (["strategy": "aggressive", "notes": JSONValue.string(String(repeating: "n", count: 41))], "at most 40 characters"),
                (["strategy": "aggressive", "files": 51], "at most 50"),
            ] as [([String: JSONValue], String)] {
                let refused = await #expect(throws: SandboxAgentClientError.self) {
                    try await client.answerQuestion(sessionId: id, questionId: question.id, answer: .accept(answers))
                }
                #expect(refused?.status == 400 && refused?.problem?.detail.contains(message) == true, "\(String(describing: refused))")
            }
            let accepted = try await client.answerQuestion(
                sessionId: id, questionId: question.id, answer: .accept(["strategy": "conservative", "files": 3, "notes": "small steps"]))
            #expect(accepted.action == .accept)
            #expect(try await client.lastStopReason(sessionId: id) == "end_turn")
            let transcript = try await Transcript.read(id, from: client)
            #expect(transcript.agentText.contains(#"Accepted: {"files":3,"notes":"small steps","strategy":"conservative"}"#), "\(transcript.agentText)")
            // The agent's request and our answer are in the transcript as sent.
            let request = try #require(transcript.requests(ACPMethod.elicitationCreate, from: .agent).first)
            let answer = try #require(transcript.response(to: request.id, from: .client)).get()
            #expect(answer["action"]?.stringValue == "accept")
        }
    }

    @Test func aURLQuestionIsAcceptedOrDeclined() async throws {
        try await withFakeAgentServer([FakeAgent.Declaration(id: "fake")]) { server, _, work in
            let client = SandboxAgentClient(endpoint: server.url)
            let id = try await client.createTestSession(agent: "fake", cwd: work.path)
            try await client.promptAsync(sessionId: id, text: "/elicit url")
            let question = try await client.firstPendingQuestion(sessionId: id)
            #expect(question.mode == "url" && question.url == "https://example.com/login")
            #expect(question.questions == nil && question.elicitationId == "elic-1")
            let withAnswers = await #expect(throws: SandboxAgentClientError.self) {
                try await client.answerQuestion(sessionId: id, questionId: question.id, answer: .accept(["x": 1]))
            }
            #expect(withAnswers?.status == 400 && withAnswers?.problem?.detail.contains("without answers") == true)
            #expect(try await client.answerQuestion(sessionId: id, questionId: question.id, answer: .accept(nil)).action == .accept)
            #expect(try await client.lastStopReason(sessionId: id) == "end_turn")
            #expect(try await Transcript.read(id, from: client).agentText.hasSuffix("URL accepted."))

            try await client.promptAsync(sessionId: id, text: "/elicit url")
            let second = try await client.firstPendingQuestion(sessionId: id)
            #expect(try await client.answerQuestion(sessionId: id, questionId: second.id, answer: .decline).action == .decline)
            #expect(try await client.lastStopReason(sessionId: id) == "end_turn")
            #expect(try await Transcript.read(id, from: client).agentText.hasSuffix("Declined."))
        }
    }
}
