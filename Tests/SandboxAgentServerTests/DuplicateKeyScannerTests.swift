import Testing

@testable import SandboxAgentServer

@Suite("Duplicate JSON keys")
struct DuplicateKeyScannerTests {
    @Test(arguments: [
        (#"{"command":"a","command":"b"}"#, "command"),
        (#"{ "command" : "a" , "args" : [] , "command" : "b" }"#, "command"),
        (#"{"env":{"PATH":"/bin","PATH":"/tmp"}}"#, "env.PATH"),
        (#"{"items":[{"a":1},{"b":1},{"name":1,"name":2}]}"#, "items[2].name"),
        (#"{"a":1,"\u0061":2}"#, "a"),
        (#"{"q\"k":1,"q\u0022k":2}"#, "q\"k"),
        (#"[{"x":1},{"x":1,"x":2}]"#, "[1].x"),
        (#"{"outer":{"inner":{"k":1}},"outer":2}"#, "outer"),
    ])
    func finds(json: String, key: String) {
        #expect(DuplicateKeyScanner.firstDuplicate(in: Array(json.utf8)) == key)
    }

    @Test(arguments: [
        #"{"command":"a","args":["command","command"]}"#,
        #"{"a":{"k":1},"b":{"k":1}}"#,
        #"{"text":"{\"k\":1,\"k\":2}"}"#,
        #"{"s":"a\\","command":"x"}"#,
        #"[{"k":1},{"k":2}]"#,
        #"{"k":"\"","K":1}"#,
        #"{}"#,
        #""command""#,
        #"{"unterminated"#,
    ])
    func acceptsDistinctKeys(json: String) {
        #expect(DuplicateKeyScanner.firstDuplicate(in: Array(json.utf8)) == nil)
    }
}
