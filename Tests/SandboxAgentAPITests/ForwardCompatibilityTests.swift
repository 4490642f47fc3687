import ACP
import Foundation
import SandboxAgentAPI
import Testing

/// What a client built today does with a newer server's responses: enumeration values it does not
/// know decode as `unknown(value)` (and are sent back as they came), fields it does not know are
/// ignored; known values still decode to their cases.
@Suite("Responses of a newer server")
struct ForwardCompatibilityTests {
    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    @Test func aSessionListWithAnUnknownStatusAndFields() throws {
        let page = try decode(
            SessionListResponse.self,
            #"""
            {"items":[{"id":"sess_1","agent":"mock","status":"hibernating","cwd":"/w","createdAt":1,"priority":"high",
            "snapshot":{"id":"snap_1"}},{"id":"sess_2","agent":"mock","status":"active","cwd":"/w","createdAt":2}],
            "nextCursor":null,"total":2}
            """#)
        #expect(page.items.map(\.status) == [.unknown("hibernating"), .active])
        #expect(!page.items[0].status.isKnown && page.items[1].status.isKnown)
        #expect(page.items[0].status.rawValue == "hibernating" && "\(page.items[0].status)" == "hibernating")
        let sentBack = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(page.items[0]))
        #expect(sentBack["status"] == .string("hibernating"))
    }

    @Test func anEventFromAnUnknownSender() throws {
        let page = try decode(
            SessionEventPage.self,
            #"""
            {"items":[{"id":"e1","eventIndex":0,"sessionId":"sess_1","createdAt":1,"sender":"observer","trace":"t1",
            "payload":{"jsonrpc":"2.0","method":"_sandboxagent/new_thing","params":{}}}],"nextOffset":1,"more":true}
            """#)
        #expect(page.items[0].sender == .unknown("observer"))
        #expect(page.items[0].json.contains(#""sender":"observer""#))
    }

    @Test func processesFilesQuestionsAndInstallsWithUnknownValues() throws {
        let process = try decode(
            ProcessRecord.self,
            #"""
            {"id":"proc_1","command":"sh","args":[],"tty":false,"interactive":false,"owner":"scheduler","status":"paused",
            "createdAtMs":1,"cgroup":"/x"}
            """#)
        #expect(process.owner == .unknown("scheduler") && process.status == .unknown("paused"))
        let entry = try decode(ProcessLogEntry.self, #"{"sequence":1,"stream":"stdtrace","timestampMs":1,"data":"aGk=","encoding":"base64","extra":1}"#)
        #expect(entry.stream == .unknown("stdtrace"))
        let file = try decode(FsEntry.self, #"{"name":"s","path":"/s","entryType":"socket","size":0,"modified":null,"owner":"root"}"#)
        #expect(file.entryType == .unknown("socket"))
        let resolution = try decode(QuestionResolution.self, #"{"id":"q1","action":"defer","by":"client","at":5}"#)
        #expect(resolution.action == .unknown("defer"))
        let progress = try decode(AgentInstallProgress.self, #"{"phase":"verifying","source":"npm","percent":50}"#)
        #expect(progress.phase == .unknown("verifying"))
    }

    @Test func aDesktopStatusAndARecordingWithUnknownValues() throws {
        let status = try decode(
            DesktopStatus.self,
            #"{"state":"hibernating","missingDependencies":[],"processes":[{"name":"Xvfb","running":true,"restarts":0,"cpu":3}],"gpu":true}"#)
        #expect(status.state == .unknown("hibernating") && status.processes.map(\.name) == ["Xvfb"])
        let recording = try decode(
            DesktopRecordingInfo.self,
            #"""
            {"id":"rec_1","status":"uploading","fileName":"rec_1.mp4","bytes":1,"startedAt":"2026-01-01T00:00:00Z","fps":30,
            "width":640,"height":480,"endReason":"diskQuota","codec":"av1"}
            """#)
        #expect(recording.status == .unknown("uploading") && recording.endReason == .unknown("diskQuota"))
    }

    /// Every known value decodes to its case, and `init(rawValue:)` never makes `unknown` of one.
    @Test func knownValuesStayTheirCases() throws {
        func check<T: OpenEnumeration>(_ type: T.Type) throws {
            for value in T.allCases {
                #expect(T(rawValue: value.rawValue) == value)
                #expect(try decode(T.self, "\"\(value.rawValue)\"") == value)
                #expect(String(decoding: try JSONEncoder().encode(value), as: UTF8.self) == "\"\(value.rawValue)\"")
            }
            #expect(Set(T.allCases.map(\.rawValue)).count == T.allCases.count, "\(T.self) spells each case once")
        }
        try check(SessionStatus.self)
        try check(EventSender.self)
        try check(ProcessOwner.self)
        try check(ProcessStatus.self)
        try check(LogStream.self)
        try check(FsEntryType.self)
        try check(QuestionResolution.Action.self)
        try check(AgentInstallProgress.Phase.self)
        try check(DesktopState.self)
        try check(DesktopRecordingInfo.Status.self)
        try check(DesktopRecordingInfo.EndReason.self)
    }
}
