import ACP
import Foundation
import HTTPTypes
import HummingbirdTesting
import SandboxAgentAPI
import SessionStore
import Testing

@testable import SandboxAgentServer

/// A `/v1/desktop/*` request made with `X-Sandbox-Agent-Session` is recorded by its route in that
/// session's transcript (`_sandboxagent/desktop/action`, source `http`); one without the header is
/// not, and one naming no session is a 404. (Screenshots, which need X, are covered end to end.)
@Suite("Desktop actions recorded for a session (in process)")
struct DesktopActionRecordingTests {
    @Test func aRequestNamingASessionIsRecordedInItsTranscript() async throws {
        let harness = try RouterHarness()
        try await harness.store.saveSession(SessionRecord(Session(id: "sess_rec", agent: "mock", status: .ended, cwd: harness.directory, createdAt: 1)))
        try await harness.test { client in
            #expect(try await client.send(.get, "/v1/desktop/status").status == .ok)
            let recorded = try await client.send(.get, "/v1/desktop/status?verbose=1", headers: [.sandboxAgentSession: "sess_rec"])
            #expect(recorded.status == .ok)
            let unknown = try await client.send(.get, "/v1/desktop/status", headers: [.sandboxAgentSession: "nope"])
            #expect(unknown.status == .notFound && unknown.problemCode == "session_not_found", "\(unknown.text)")

            let page = try await client.send(.get, "/v1/sessions/sess_rec/events").decode(SessionEventPage.self)
            let actions = page.items.filter { $0.payload["method"]?.stringValue == SandboxAgentMethod.desktopAction }
            #expect(actions.count == 1, "\(page.items.map(\.payloadJSON))")
            let params = try #require(actions.first?.payload["params"])
            #expect(params["source"]?.stringValue == "http")
            #expect(params["action"]?.stringValue == "GET /v1/desktop/status")
            #expect(params["parameters"]?["verbose"]?.stringValue == "1")
            #expect(params["result"]?["status"]?.intValue == 200)
            #expect(params["screenshot"] == .null)
            #expect(actions.first?.sender == .server && actions.first?.sessionId == "sess_rec")
        }
    }
}
