import Foundation
import NIOHTTP1
import Testing

/// Questions from an ACP agent we did not write: the Python-SDK fake's `/elicit` sends
/// `elicitation/create` (form and URL mode), answered through our API.
@Suite("Interop: elicitation from an ACP agent", .enabled(if: FakeAgent.sdkAvailable, Comment(rawValue: FakeAgent.skipMessage)))
struct InteropQuestionTests {
    @Test func aFormIsValidatedAndItsAnswerReachesTheAgent() async throws {
        try await withFakeAgentServer([FakeAgent.Declaration(id: "fake")]) { server, api, work in
            let id = try await api.create(agent: "fake", extra: ["cwd": work.path])
            #expect(try await api.prompt(id, "/elicit", wait: false).status == 202)
            let question = try await api.pendingQuestion(id)
            let questionId = try #require(question["id"] as? String)
            #expect(question["message"] as? String == "How aggressive should the refactor be?")
            let items = try #require(question["questions"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == ["files", "notes", "strategy"])
            #expect(items.first { $0["id"] as? String == "strategy" }?["required"] as? Bool == true)
            let tooLong = try await api.answer(id, questionId, ["answers": ["strategy": "aggressive", "notes": String(repeating: "n", count: 41)]])
            #expect(tooLong.status == 400 && tooLong.text.contains("at most 40 characters"), "\(tooLong.text)")
            let tooMany = try await api.answer(id, questionId, ["answers": ["strategy": "aggressive", "files": 51]])
            #expect(tooMany.status == 400 && tooMany.text.contains("at most 50"), "\(tooMany.text)")
            let ok = try await api.answer(id, questionId, ["answers": ["strategy": "conservative", "files": 3, "notes": "small steps"]])
            #expect(ok.status == 200, "\(ok.text)")
            #expect(try await api.stopReason(id) == "end_turn")
            let text = try await api.events(id).text(of: "agent_message_chunk")
            #expect(text.contains(#"Accepted: {"files":3,"notes":"small steps","strategy":"conservative"}"#), "\(text)")
            let events = try await api.events(id)
            // The agent's request and our answer are in the transcript as sent.
            let request = try #require(events.requests("elicitation/create", from: "agent").first)
            let response = try #require(events.response(to: request))
            #expect((events.payload(at: response)["result"] as? [String: Any])?["action"] as? String == "accept")
        }
    }

    @Test func aURLQuestionIsAcceptedOrDeclined() async throws {
        try await withFakeAgentServer([FakeAgent.Declaration(id: "fake")]) { _, api, work in
            let id = try await api.create(agent: "fake", extra: ["cwd": work.path])
            #expect(try await api.prompt(id, "/elicit url", wait: false).status == 202)
            let question = try await api.pendingQuestion(id)
            let questionId = try #require(question["id"] as? String)
            #expect(question["mode"] as? String == "url" && question["url"] as? String == "https://example.com/login")
            #expect(question["questions"] == nil && question["elicitationId"] as? String == "elic-1")
            let withAnswers = try await api.answer(id, questionId, ["answers": ["x": 1]])
            #expect(withAnswers.status == 400 && withAnswers.text.contains("without answers"))
            #expect(try await api.answer(id, questionId, ["action": "accept"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("URL accepted."))

            #expect(try await api.prompt(id, "/elicit url", wait: false).status == 202)
            let second = try #require(try await api.pendingQuestion(id)["id"] as? String)
            #expect(try await api.answer(id, second, ["action": "decline"]).status == 200)
            #expect(try await api.stopReason(id) == "end_turn")
            #expect(try await api.events(id).text(of: "agent_message_chunk").hasSuffix("Declined."))
        }
    }
}
