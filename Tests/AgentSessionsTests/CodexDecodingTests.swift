import ACP
import Foundation
import Testing

@testable import AgentSessions

/// The Codex driver against the app-server protocol of the pinned CLI (0.163.0): the JSON schema
/// it generates (`codex app-server generate-json-schema`) and a session it really produced
/// (`Tests/Fixtures/codex-app-server-schema/`). What the driver sends must validate against the
/// schema, what it reads must be what the schema and the real CLI say, and the recorded session
/// must translate into the expected ACP updates.
@Suite struct CodexDecodingTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/codex-app-server-schema")

    static func schema(_ name: String) throws -> JSONSchema {
        try JSONSchema(JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: fixtures.appendingPathComponent(name))))
    }

    /// The recorded session: (who sent it, the message).
    static func session() throws -> [(from: String, message: JSONValue)] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("app-server-0.163.0-session.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let entry = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
            return (entry["from"]?.stringValue ?? "", entry["message"] ?? .null)
        }
    }

    /// The `method` enum values of a `oneOf` message schema (ClientRequest, ServerNotification, …).
    static func methods(_ schema: JSONSchema) -> Set<String> {
        Set((schema.root["oneOf"]?.arrayValue ?? []).flatMap { $0["properties"]?["method"]?["enum"]?.arrayValue ?? [] }.compactMap(\.stringValue))
    }

    @Test func everyMethodTheDriverUsesIsInTheSchema() throws {
        let client = Self.methods(try Self.schema("ClientRequest.json"))
        #expect(client.isSuperset(of: ["initialize", "thread/start", "thread/resume", "turn/start", "turn/interrupt", "model/list"]))
        #expect(Self.methods(try Self.schema("ClientNotification.json")) == ["initialized"])
        let notifications = Self.methods(try Self.schema("ServerNotification.json"))
        let read: Set = [
            "turn/started", "turn/completed", "error", "item/started", "item/completed", "item/agentMessage/delta",
            "item/reasoning/textDelta", "item/reasoning/summaryTextDelta", "item/commandExecution/outputDelta", "turn/plan/updated",
        ]
        #expect(read.subtracting(notifications).isEmpty, "not in the schema: \(read.subtracting(notifications))")
        let requests = Self.methods(try Self.schema("ServerRequest.json"))
        #expect(requests.isSuperset(of: ["item/commandExecution/requestApproval", "item/fileChange/requestApproval"]))
    }

    @Test func whatTheDriverSendsValidates() throws {
        let requests = try Self.schema("ClientRequest.json")
        func check(_ method: String, _ params: JSONValue) {
            let errors = requests.validate(["id": 1, "method": .string(method), "params": params])
            #expect(errors.isEmpty, "\(method) \(params.jsonText): \(errors.prefix(5))")
        }
        check("initialize", CodexRequests.initialize)
        check("model/list", [:])
        let input = CodexPrompt.input([
            ["type": "text", "text": "hi"], ["type": "image", "mimeType": "image/png", "data": "iVBORw0KGgo="],
            ["type": "resource", "resource": ["uri": "file:///a.txt", "text": "A"]], ["type": "resource_link", "uri": "file:///b.txt", "name": "b"],
        ])
        #expect(input.count == 4)
        for mode in CodexRequests.modes {
            check("thread/start", CodexRequests.thread(cwd: "/work", mode: mode.id, model: nil))
            check("thread/resume", CodexRequests.thread(cwd: "/work", mode: mode.id, model: "gpt-5.5", resuming: "thread-1"))
            check("turn/start", CodexRequests.turn(threadID: "thread-1", input: input, mode: mode.id, model: "gpt-5.5"))
        }
        check("turn/interrupt", CodexRequests.interrupt(threadID: "thread-1", turnID: "turn-1"))
        let servers: JSONValue = [
            ["name": "desktop", "command": "/usr/bin/sandbox-agent", "args": ["mcp", "desktop"], "env": [["name": "SANDBOX_AGENT_TOKEN", "value": "t"]]],
            ["type": "http", "name": "docs", "url": "http://127.0.0.1:9/mcp", "headers": [["name": "X-Key", "value": "k"]]],
        ]
        let withMCP = CodexRequests.thread(cwd: "/work", mode: "auto", model: nil, mcpServers: servers)
        check("thread/start", withMCP)
        #expect(withMCP["config"]?["mcp_servers"]?["desktop"]?["env"]?["SANDBOX_AGENT_TOKEN"] == "t")
        #expect(withMCP["config"]?["mcp_servers"]?["docs"]?["http_headers"]?["X-Key"] == "k")
        #expect(CodexRequests.thread(cwd: "/work", mode: "auto", model: nil, mcpServers: [])["config"] == nil)
        #expect(requests.validate(["id": 1, "method": "turn/start", "params": ["threadId": "t", "input": [], "sandboxPolicy": ["type": "bogus"]]]).isEmpty == false,
                "the validator rejects what the schema does not allow")

        let command = try Self.schema("CommandExecutionRequestApprovalResponse.json")
        let fileChange = try Self.schema("FileChangeRequestApprovalResponse.json")
        let amendment: JSONValue = ["acceptWithExecpolicyAmendment": ["execpolicy_amendment": ["/bin/bash", "-lc", "echo hi"]]]
        for offered in [nil, ["accept", "acceptForSession", "decline"], ["accept", amendment, "cancel"]] as [[JSONValue]?] {
            let always = CodexRequests.always(offered: offered).decision
            for option in PermissionOption.allCases.map(Optional.some) + [nil] {
                let answer = CodexRequests.approvalAnswer(option, always: always)
                #expect(command.validate(answer).isEmpty, "\(answer.jsonText)")
                if always != amendment { #expect(fileChange.validate(answer).isEmpty, "\(answer.jsonText)") }
            }
        }
        #expect(CodexRequests.always(offered: ["accept", amendment, "cancel"]).decision == amendment)
    }

    /// `mcpServer/elicitation/request` as Codex 0.163 sends it before a desktop click (recorded), an
    /// MCP form and URL elicitation, and Codex's own form mode: read, and every answer validates.
    @Test func mcpElicitationsAreReadAndAnsweredAsTheSchemaSays() throws {
        let requests = try Self.schema("ServerRequest.json")
        let response = try Self.schema("McpServerElicitationRequestResponse.json")
        let approval: JSONValue = [
            "threadId": "t", "turnId": "u", "serverName": "desktop", "mode": "form",
            "message": "Allow the desktop MCP server to run tool \"click\"?", "requestedSchema": ["type": "object", "properties": [:]],
            "_meta": [
                "codex_approval_kind": "mcp_tool_call", "persist": ["session", "always"], "tool_params": ["x": 400, "y": 240],
                "tool_description": "Click at a point of the screenshot (then returns a new screenshot).",
            ],
        ]
        let form: JSONValue = [
            "threadId": "t", "serverName": "docs", "mode": "form", "message": "Which space?",
            "requestedSchema": ["type": "object", "properties": ["space": ["type": "string"]], "required": ["space"]],
        ]
        let url: JSONValue = ["threadId": "t", "serverName": "docs", "mode": "url", "message": "Sign in", "url": "https://example.com/a", "elicitationId": "e1"]
        let openaiForm: JSONValue = ["threadId": "t", "serverName": "docs", "mode": "openai/form", "message": "?", "requestedSchema": [:]]
        for params in [approval, form, url, openaiForm] {
            #expect(requests.validate(["id": 1, "method": "mcpServer/elicitation/request", "params": params]).isEmpty, "\(params.jsonText)")
        }

        guard case .toolApproval(let server, let tool, let arguments, _, let remembers) = CodexMCPElicitation(params: approval) else {
            Issue.record("a tool approval")
            return
        }
        #expect(server == "desktop" && tool == "click" && arguments["x"] == 400 && remembers)
        for option in PermissionOption.allCases.map(Optional.some) + [nil] {
            let answer = CodexMCPElicitation.approvalAnswer(option)
            #expect(response.validate(answer).isEmpty, "\(answer.jsonText)")
        }
        #expect(CodexMCPElicitation.approvalAnswer(.allowOnce)["action"] == "accept")
        #expect(CodexMCPElicitation.approvalAnswer(.allowAlways)["_meta"]?["persist"] == "session")
        #expect(CodexMCPElicitation.approvalAnswer(.rejectOnce)["action"] == "decline")

        guard case .input(let formInput) = CodexMCPElicitation(params: form), case .input(let urlInput) = CodexMCPElicitation(params: url) else {
            Issue.record("MCP form and URL elicitations are input")
            return
        }
        #expect(formInput.requestedSchema?["required"] == ["space"] && formInput.mode == "form")
        #expect(urlInput.url == "https://example.com/a" && urlInput.elicitationId == "e1")
        if case .unsupported = CodexMCPElicitation(params: openaiForm) {} else { Issue.record("Codex's own form mode is declined") }
        for result in [["action": "accept", "content": ["space": "eng"]], ["action": "decline"], ["action": "cancel"], ["action": "later"], nil] as [JSONValue?] {
            let answer = CodexMCPElicitation.inputAnswer(ElicitationCreateResult(answer: result))
            #expect(response.validate(answer).isEmpty, "\(answer.jsonText)")
        }
        #expect(CodexMCPElicitation.inputAnswer(ElicitationCreateResult(answer: ["action": "accept", "content": ["space": "eng"]]))["content"]?["space"] == "eng")
        #expect(CodexMCPElicitation.inputAnswer(ElicitationCreateResult(answer: ["action": "later"])) == ["action": "cancel"], "an unknown action is a cancel")
    }

    @Test func theRecordedSessionMatchesTheSchema() throws {
        let notifications = try Self.schema("ServerNotification.json")
        let serverRequests = try Self.schema("ServerRequest.json")
        let clientRequests = try Self.schema("ClientRequest.json")
        let results = [
            "initialize": try Self.schema("v1/InitializeResponse.json"), "thread/start": try Self.schema("v2/ThreadStartResponse.json"),
            "turn/start": try Self.schema("v2/TurnStartResponse.json"), "turn/interrupt": try Self.schema("v2/TurnInterruptResponse.json"),
            "model/list": try Self.schema("v2/ModelListResponse.json"),
        ]
        var sent: [JSONValue: String] = [:]  // client request id → method
        var checked = 0
        for (from, message) in try Self.session() {
            let errors: [String]
            switch (from, message["method"]?.stringValue, message["id"]) {
            case ("client", let method?, let id?):
                sent[id] = method
                errors = clientRequests.validate(message)
            case ("codex", _?, nil):
                errors = notifications.validate(message)
            case ("codex", _?, _?):
                errors = serverRequests.validate(message)
            case ("codex", nil, let id?):
                guard let method = sent[id], let schema = results[method] else { continue }
                #expect(message["error"] == nil, "\(method) failed: \(message.jsonText)")
                errors = schema.validate(message["result"] ?? .null)
            default:
                continue
            }
            checked += 1
            #expect(errors.isEmpty, "\(message.jsonText.prefix(300)): \(errors.prefix(5))")
        }
        #expect(checked > 80)
    }

    @Test func theRecordedSessionTranslatesToACP() throws {
        var translator = CodexEventTranslator()
        var events: [CodexEventTranslator.Event] = []
        var approvals: [String] = []
        for (from, message) in try Self.session() where from == "codex" {
            guard let method = message["method"]?.stringValue else { continue }
            if message["id"] != nil {
                approvals.append(method)
                // The approval's tool call was announced by item/started first.
                #expect(translator.items[message["params"]?["itemId"]?.stringValue ?? ""] != nil)
                continue
            }
            events += translator.translate(method: method, params: message["params"] ?? .null)
        }
        #expect(approvals == ["item/commandExecution/requestApproval", "item/commandExecution/requestApproval", "item/fileChange/requestApproval"])
        let updates = events.compactMap { event -> JSONValue? in
            if case .update(let update) = event { return update }
            return nil
        }
        let text = updates.filter { $0["sessionUpdate"] == "agent_message_chunk" }.compactMap { $0["content"]?["text"]?.stringValue }.joined()
        #expect(text.hasPrefix("Echo #1: hello thereTool said: Process exited with code 0Tool said: exec_command failed"))
        #expect(text.hasSuffix("Tool said: Success. Updated the following files:Thinking about it"))

        let calls = updates.filter { $0["sessionUpdate"] == "tool_call" }
        #expect(calls.map { $0["kind"] } == ["execute", "execute", "edit"])
        #expect(calls[0]["title"] == "`echo allowed > /tmp/codex-sample/work/allowed.txt`")
        #expect(calls[2]["title"] == "Add /tmp/codex-sample/work/patched.txt")
        #expect(calls[2]["content"] == [["type": "diff", "path": "/tmp/codex-sample/work/patched.txt", "oldText": nil, "newText": "patched by codex\n"]])
        let steps = updates.filter { $0["sessionUpdate"] == "tool_call_update" }
        // Each call runs (in_progress) before its result, as the mock's do; the declined one never ran.
        #expect(steps.map { $0["status"] } == ["in_progress", "completed", "failed", "in_progress", "completed"], "\(steps)")
        let finished = steps.filter { $0["status"] != "in_progress" }
        #expect(finished.map { $0["toolCallId"] } == calls.map { $0["toolCallId"] })

        let turns = events.compactMap { event -> String? in
            if case .turnCompleted(_, let status, _) = event { return status }
            return nil
        }
        #expect(turns == ["completed", "completed", "completed", "completed", "interrupted"])
    }

    @Test func unstreamedItemsAndPlansTranslate() {
        var translator = CodexEventTranslator()
        let message = translator.translate(method: "item/completed", params: [
            "item": ["type": "agentMessage", "id": "m1", "text": "whole"], "threadId": "t", "turnId": "u", "completedAtMs": 1,
        ])
        #expect(message == [.update(["sessionUpdate": "agent_message_chunk", "messageId": "m1", "content": ["type": "text", "text": "whole"]])])
        _ = translator.translate(method: "item/reasoning/summaryTextDelta", params: ["itemId": "r1", "delta": "hm", "summaryIndex": 0])
        #expect(translator.translate(method: "item/completed", params: ["item": ["type": "reasoning", "id": "r1", "summary": ["hm"]]]).isEmpty)
        let plan = translator.translate(method: "turn/plan/updated", params: [
            "threadId": "t", "turnId": "u", "plan": [["step": "look", "status": "completed"], ["step": "fix", "status": "inProgress"]],
        ])
        #expect(plan == [.update(["sessionUpdate": "plan", "entries": [
            ["content": "look", "priority": "medium", "status": "completed"], ["content": "fix", "priority": "medium", "status": "in_progress"],
        ]])])
        let diff = CodexToolCall.diff(["path": "/a.txt", "kind": ["type": "update", "move_path": nil], "diff": "@@ -1,2 +1,2 @@\n keep\n-old\n+new\n"])
        #expect(diff == ["type": "diff", "path": "/a.txt", "oldText": "keep\nold", "newText": "keep\nnew"])
    }
}

/// A JSON Schema (draft-07) validator for what the Codex schema uses: `$ref` into `definitions`,
/// `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`, `items`, `oneOf`,
/// `anyOf`, `allOf`. Annotations (`format`, `default`, `description`, numeric bounds) are ignored.
struct JSONSchema {
    let root: JSONValue

    init(_ root: JSONValue) { self.root = root }

    /// Why `value` does not match (empty when it does).
    func validate(_ value: JSONValue) -> [String] {
        validate(value, against: root, at: "$")
    }

    private func validate(_ value: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        if case .bool(let accepts) = schema { return accepts ? [] : ["\(path): not allowed"] }
        if let ref = schema["$ref"]?.stringValue {
            guard ref.hasPrefix("#/definitions/"), let target = root["definitions"]?[String(ref.dropFirst(14))] else { return ["\(path): unresolved \(ref)"] }
            return validate(value, against: target, at: path)
        }
        var errors: [String] = []
        if let type = schema["type"] {
            let types = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            if !types.contains(where: { Self.matches(value, $0) }) { return ["\(path): expected \(types.joined(separator: "|")), got \(value.jsonText.prefix(80))"] }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) { errors.append("\(path): \(value.jsonText.prefix(80)) not in \(options.map(\.jsonText))") }
        if let constant = schema["const"], constant != value { errors.append("\(path): expected \(constant.jsonText)") }
        if case .object(let members) = value {
            let properties = schema["properties"]?.objectValue ?? [:]
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                errors.append("\(path): missing \(name)")
            }
            for (name, member) in members {
                if let property = properties[name] {
                    errors += validate(member, against: property, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    errors += validate(member, against: additional, at: "\(path).\(name)")
                }
            }
        }
        if case .array(let elements) = value, let items = schema["items"] {
            for (index, element) in elements.enumerated() { errors += validate(element, against: items, at: "\(path)[\(index)]") }
        }
        for part in schema["allOf"]?.arrayValue ?? [] { errors += validate(value, against: part, at: path) }
        if let options = schema["anyOf"]?.arrayValue, !options.contains(where: { validate(value, against: $0, at: path).isEmpty }) {
            errors.append("\(path): matches none of anyOf (\(value.jsonText.prefix(120)))")
        }
        if let options = schema["oneOf"]?.arrayValue {
            let matching = options.filter { validate(value, against: $0, at: path).isEmpty }.count
            if matching != 1 { errors.append("\(path): matches \(matching) of oneOf (\(value.jsonText.prefix(120)))") }
        }
        return errors
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("integer", .int): true
        case ("integer", .double(let number)): number.rounded() == number
        case ("number", .int), ("number", .double): true
        default: false
        }
    }
}
