import ACP
import DesktopRuntime
import Foundation
import ProcessRuntime
import SandboxAgentAPI
import Testing

@testable import SandboxAgentServer

@Suite("Unknown request keys, derived from the types' decoding")
struct UnknownKeysTests {
    private func unknown<T: Decodable>(_ type: T.Type, _ json: String) throws -> [String] {
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        _ = try JSONDecoder().decode(T.self, from: Data(json.utf8))  // the body is valid for T
        return UnknownKeys.find(T.self, in: body)
    }

    @Test func topLevelKeysOfASynthesizedType() throws {
        #expect(try unknown(ProcessRunRequest.self, #"{"command":"ls","timeoutMs":5,"futureField":1,"zeta":{"a":1}}"#) == ["futureField", "zeta"])
        #expect(try unknown(ProcessRunRequest.self, #"{"command":"ls","args":["-l"],"cwd":"/","maxOutputBytes":10}"#).isEmpty)
    }

    @Test func dictionaryAndPayloadKeysAreDataNotFields() throws {
        #expect(try unknown(ProcessRunRequest.self, #"{"command":"ls","env":{"ANY_NAME":"1"}}"#).isEmpty)
        #expect(try unknown(SessionCreateRequest.self, #"{"agent":"mock","mcpServers":[{"whatever":1}],"extra":true}"#) == ["extra"])
        #expect(try unknown(SessionCreateRequest.self, #"{"agent":"mock","desktop":{"width":800,"bogus":1}}"#) == ["desktop.bogus"])
        #expect(try unknown(SessionCreateRequest.self, #"{"agent":"mock","desktop":true}"#).isEmpty)
    }

    @Test func nestedObjectsAndArrays() throws {
        let json = #"{"actions":[{"type":"click","x":1,"y":2,"speed":3},{"type":"wait","ms":1}],"settle":{"quietMs":10,"ms":1},"later":1}"#
        #expect(try unknown(DesktopActionsRequest.self, json) == ["actions[0].speed", "later", "settle.ms"])
    }

    @Test func scalarsOfEveryKindDecode() throws {
        #expect(try unknown(MouseClickRequest.self, #"{"x":1,"y":2,"button":"right","clickCount":2,"new":null}"#) == ["new"])
        #expect(try unknown(SessionRoutes.ConfigBody.self, #"{"configId":"model","value":{"nested":[1,2.5,true,null]},"x":"y"}"#) == ["x"])
    }
}
