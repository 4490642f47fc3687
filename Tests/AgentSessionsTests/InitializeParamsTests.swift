import ACP
import Testing

@testable import AgentSessions

/// What the server advertises in `initialize`, as JSON: ACP v1, `fs/*`, `terminal/*` and both
/// elicitation modes (agents decide from this which client methods they may call).
@Test func theServersInitializeParams() {
    let expected: JSONValue = [
        "protocolVersion": 1,
        "clientCapabilities": [
            "fs": ["readTextFile": true, "writeTextFile": true], "terminal": true, "elicitation": ["form": [:], "url": [:]],
        ],
        "clientInfo": ["name": "sandbox-agent", "title": "Sandbox Agent", "version": "0.1.0"],
    ]
    #expect(JSONValue(encoding: AgentSession.initializeParams) == expected)
}
