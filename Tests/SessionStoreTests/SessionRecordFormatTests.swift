import ACP
import Foundation
import SandboxAgentAPI
import SessionStore
import Testing

/// The stored form of a session record: one flat JSON object with the API's `Session` fields and
/// the server's own, as every release has written it (SQLite `session.record`, PostgreSQL
/// `sandbox_agent_sessions.record`), so existing databases load.
@Suite("Stored session record format")
struct SessionRecordFormatTests {
    /// A record with every field set, as stores wrote it before the record embedded `Session`.
    static let stored = """
        {"id":"sess_1","agent":"mock","agentSessionId":"acp-1","status":"ended","cwd":"/w","createdAt":7,"endedAt":9,\
        "endReason":"deleted","modes":{"currentModeId":"default","availableModes":[]},"configOptions":[{"id":"model"}],\
        "agentCapabilities":{"loadSession":true},"mcpServers":[],"env":{"KEY":"value"},\
        "usage":{"turns":1,"inputTokens":2,"outputTokens":3,"totalTokens":5,"cachedReadTokens":0,"cachedWriteTokens":0,\
        "thoughtTokens":0,"contextUsed":10,"contextSize":100,"cost":{"amount":0.5,"currency":"USD"}},\
        "instanceId":"inst_a","labels":{"sandbox":"sb-1"}}
        """

    @Test func anOldRecordLoadsWithEveryField() throws {
        let record = try JSONDecoder().decode(SessionRecord.self, from: Data(Self.stored.utf8))
        #expect(record.session.id == "sess_1")
        #expect(record.agentSessionId == "acp-1")
        #expect(record.status == .ended)
        #expect(record.endReason == "deleted")
        #expect(record.currentModeId == "default")
        #expect(record.usage?.cost == SessionUsage.Cost(amount: 0.5, currency: "USD"))
        #expect(record.labels == ["sandbox": "sb-1"])
        #expect(record.agentCapabilities?["loadSession"] == .bool(true))
        #expect(record.mcpServers == .array([]))
        #expect(record.env == ["KEY": "value"])
    }

    @Test func aRecordIsWrittenInTheSameFlatForm() throws {
        let record = try JSONDecoder().decode(SessionRecord.self, from: Data(Self.stored.utf8))
        let written = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(record))
        #expect(written == (try JSONValue(jsonText: Self.stored)))
    }

    @Test func theAPIViewLeavesTheServersFieldsOut() throws {
        let record = try JSONDecoder().decode(SessionRecord.self, from: Data(Self.stored.utf8))
        let shown = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(record.session))
        for key in ["env", "mcpServers", "agentCapabilities"] { #expect(shown[key] == nil, "\(key)") }
        #expect(shown["id"] == .string("sess_1"))
    }
}
