import ACP
import Foundation
import SandboxAgentAPI
import Testing

@testable import AgentSessions

/// The params of the server's transcript notifications, built from their typed values, against
/// the JSON clients read (written out here, as the OpenAPI document and upstream describe it):
/// the same members, absent ones left out.
@Suite("Server notification params on the wire")
struct ServerNotificationParamsTests {
    private func json(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    @Test func sessionStartedAndResumed() throws {
        let fresh = SessionStartedParams(agent: "mock", agentSessionId: "mock-1", resumed: false)
        #expect(JSONValue(encoding: fresh) == (try json(#"{"agent":"mock","agentSessionId":"mock-1","resumed":false}"#)))
        let loaded = SessionStartedParams(agent: "claude", agentSessionId: "c-1", resumed: true, restoredBy: "session_load")
        #expect(JSONValue(encoding: loaded) == (try json(#"{"agent":"claude","agentSessionId":"c-1","resumed":true,"restoredBy":"session_load"}"#)))
        let resumed = SessionResumedParams(trigger: "agent_crash", previousEndReason: "agent_exited", attempt: 2)
        #expect(JSONValue(encoding: resumed) == (try json(#"{"trigger":"agent_crash","previousEndReason":"agent_exited","attempt":2}"#)))
    }

    @Test func sessionEndedByAnExit() throws {
        let exited = SessionEndedParams(reason: "agent_exited", exit: AgentExit(exitCode: 3, signal: nil, stderrTail: "boom\n"))
        #expect(JSONValue(encoding: exited) == (try json(#"{"reason":"agent_exited","exitCode":3,"stderrTail":"boom\n"}"#)))
        let killed = SessionEndedParams(reason: "deleted", exit: AgentExit(exitCode: nil, signal: 9, stderrTail: ""))
        #expect(JSONValue(encoding: killed) == (try json(#"{"reason":"deleted","signal":9}"#)))
        let restarted = SessionEndedParams(reason: "server_restarted", message: "the server stopped")
        #expect(JSONValue(encoding: restarted) == (try json(#"{"reason":"server_restarted","message":"the server stopped"}"#)))
    }

    /// A relay's notification carries this server's members and upstream's `session_id` and `data`.
    @Test func relayEndedCarriesUpstreamMembers() throws {
        let crashed = RelayEnded.params(AgentExit(exitCode: 1, signal: nil, stderrTail: "crashing"), sessionId: "acp-1", closed: false)
        #expect(JSONValue(encoding: crashed) == (try json("""
            {"reason":"agent_exited","message":"the agent exited with status 1","exitCode":1,"stderrTail":"crashing",
             "session_id":"acp-1",
             "data":{"reason":"error","terminated_by":"agent","message":"the agent exited with status 1","exit_code":1,
                     "stderr":{"tail":"crashing","truncated":false}}}
            """)))
        let closed = RelayEnded.params(AgentExit(exitCode: nil, signal: 15, stderrTail: ""), sessionId: nil, closed: true)
        #expect(JSONValue(encoding: closed) == (try json("""
            {"reason":"agent_exited","message":"the ACP server was closed","signal":15,
             "data":{"reason":"terminated","terminated_by":"daemon","message":"the ACP server was closed"}}
            """)))
        let long = RelayEnded.params(AgentExit(exitCode: 0, signal: nil, stderrTail: String(repeating: "x\n", count: 40)), sessionId: nil, closed: false)
        #expect(long.data?.reason == "completed" && long.data?.stderr?.truncated == true)
    }

    @Test func permissionResolved() throws {
        let selected = PermissionResolvedParams(
            permissionId: "perm_1", toolCallId: "call_1", outcome: ["outcome": "selected", "optionId": "allow-once"], by: "client")
        #expect(JSONValue(encoding: selected) == (try json(
            #"{"permissionId":"perm_1","toolCallId":"call_1","outcome":{"outcome":"selected","optionId":"allow-once"},"by":"client"}"#)))
        let cancelled = PermissionResolvedParams(permissionId: "perm_2", outcome: ["outcome": "cancelled"], by: "session_end")
        #expect(JSONValue(encoding: cancelled) == (try json(#"{"permissionId":"perm_2","outcome":{"outcome":"cancelled"},"by":"session_end"}"#)))
    }

    /// The resolution's members and `toolCallId` in one object, and back.
    @Test func questionResolved() throws {
        let answered = QuestionResolvedParams(
            resolution: QuestionResolution(id: "q_1", action: .accept, content: ["database": "postgres"], by: "client"), toolCallId: "call_9")
        let wire = try json(#"{"id":"q_1","action":"accept","content":{"database":"postgres"},"by":"client","toolCallId":"call_9"}"#)
        #expect(JSONValue(encoding: answered) == wire)
        #expect(try wire.decoded(as: QuestionResolvedParams.self) == answered)
        let timedOut = QuestionResolvedParams(resolution: QuestionResolution(id: "q_2", action: .cancel, by: "timeout"))
        #expect(JSONValue(encoding: timedOut) == (try json(#"{"id":"q_2","action":"cancel","by":"timeout"}"#)))
    }
}
