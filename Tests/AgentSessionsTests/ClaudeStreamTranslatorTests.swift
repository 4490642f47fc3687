import ACP
import Foundation
import Testing

@testable import AgentSessions

@Suite struct ClaudeStreamTranslatorTests {
    private func decode(_ line: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
    }

    @Test func deltasBecomeChunksAndOnlyDeltas() throws {
        var translator = ClaudeStreamTranslator()
        let text = try decode(#"{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}},"parent_tool_use_id":null}"#)
        #expect(translator.translate(text) == [.update(["sessionUpdate": "agent_message_chunk", "content": ["type": "text", "text": "Hi"]])])
        let thinking = try decode(#"{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"thinking_delta","thinking":"hmm"}}}"#)
        #expect(translator.translate(thinking) == [.update(["sessionUpdate": "agent_thought_chunk", "content": ["type": "text", "text": "hmm"]])])
        let subagent = try decode(#"{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}},"parent_tool_use_id":"toolu_1"}"#)
        #expect(translator.translate(subagent).isEmpty, "a subagent's text is not the agent's message")
        let whole = try decode(#"{"type":"assistant","message":{"content":[{"type":"text","text":"Hi"}]}}"#)
        #expect(translator.translate(whole).isEmpty, "text arrived as deltas already")
    }

    /// A message start names the message its chunks belong to (ACP's `messageId`).
    @Test func chunksCarryTheirMessageID() throws {
        var translator = ClaudeStreamTranslator()
        let start = #"{"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_01","content":[]}}}"#
        #expect(!ClaudeCodeAgent.isIgnorable(start))
        #expect(translator.translate(try decode(start)).isEmpty)
        let text = try decode(#"{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}}"#)
        #expect(translator.translate(text) == [.update(["sessionUpdate": "agent_message_chunk", "messageId": "msg_01", "content": ["type": "text", "text": "Hi"]])])
    }

    @Test func toolUsesBecomeToolCallsOnceWithKindsAndDiffs() throws {
        var translator = ClaudeStreamTranslator()
        let edit = try decode(#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_1","name":"Edit","input":{"file_path":"/w/a.swift","old_string":"a","new_string":"b"}}]}}"#)
        let events = translator.translate(edit)
        guard case .update(let update)? = events.first else { Issue.record("no update: \(events)"); return }
        #expect(update["sessionUpdate"] == "tool_call" && update["kind"] == "edit" && update["toolCallId"] == "toolu_1")
        #expect(update["title"] == "Edit /w/a.swift" && update["locations"] == [["path": "/w/a.swift"]])
        #expect(update["content"] == [["type": "diff", "path": "/w/a.swift", "oldText": "a", "newText": "b"]])
        #expect(translator.translate(edit).isEmpty, "the same tool use is announced once")

        let result = try decode(#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"toolu_1","is_error":true,"content":[{"type":"text","text":"no such file"}]}]}}"#)
        let steps = translator.translate(result)
        guard case .update(let done)? = steps.last else { Issue.record("no result update"); return }
        #expect(steps.first == .update(["sessionUpdate": "tool_call_update", "toolCallId": "toolu_1", "status": "in_progress"]))
        #expect(done["sessionUpdate"] == "tool_call_update" && done["status"] == "failed")
        #expect(done["content"] == [["type": "content", "content": ["type": "text", "text": "no such file"]]])
        #expect(done["rawOutput"] == ["output": "no such file"])
    }

    /// The mock's steps: in_progress once (at the permission answer, else before the result), a
    /// completed edit keeps its diff, a command's status is `exitCode`, a rejected call never runs.
    @Test func toolStepsFollowTheMock() throws {
        var translator = ClaudeStreamTranslator()
        let write = try decode(#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"w","name":"Write","input":{"file_path":"/w/a.txt","content":"hi"}},{"type":"tool_use","id":"b","name":"Bash","input":{"command":"false"}},{"type":"tool_use","id":"r","name":"Bash","input":{"command":"rm x"}}]}}"#)
        #expect(translator.translate(write).count == 3)
        #expect(translator.started("w") == .update(["sessionUpdate": "tool_call_update", "toolCallId": "w", "status": "in_progress"]))
        #expect(translator.started("w") == nil, "once")
        translator.reject("r")
        let results = try decode(#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"w","content":"File created"},{"type":"tool_result","tool_use_id":"b","is_error":true,"content":"Exit code 1\nboom"},{"type":"tool_result","tool_use_id":"r","is_error":true,"content":"rejected"}]}}"#)
        let updates = translator.translate(results).compactMap { event -> JSONValue? in
            if case .update(let update) = event { return update }
            return nil
        }
        #expect(updates.map { "\($0["toolCallId"]?.stringValue ?? "") \($0["status"]?.stringValue ?? "")" } == [
            "w completed", "b in_progress", "b failed", "r failed",
        ])
        #expect(updates[0]["content"] == [["type": "diff", "path": "/w/a.txt", "oldText": nil, "newText": "hi"]])
        #expect(updates[2]["rawOutput"] == ["output": "boom", "exitCode": 1])
        #expect(updates[2]["content"] == [["type": "content", "content": ["type": "text", "text": "boom"]]])
    }

    @Test func todoWriteBecomesAPlan() throws {
        var translator = ClaudeStreamTranslator()
        let todo = try decode(#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t","name":"TodoWrite","input":{"todos":[{"content":"Reproduce","status":"completed"},{"content":"Fix","status":"in_progress"}]}}]}}"#)
        #expect(translator.translate(todo) == [.update(["sessionUpdate": "plan", "entries": [
            ["content": "Reproduce", "priority": "medium", "status": "completed"], ["content": "Fix", "priority": "medium", "status": "in_progress"],
        ]])])
        let result = try decode(#"{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t","content":"ok"}]}}"#)
        #expect(translator.translate(result).isEmpty, "the plan tool has no tool call to update")
    }

    @Test func controlRequestsAndResults() throws {
        var translator = ClaudeStreamTranslator()
        let ask = try decode(#"{"type":"control_request","request_id":"r1","request":{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"ls"},"tool_use_id":"toolu_9"}}"#)
        #expect(translator.translate(ask) == [.permission(requestID: "r1", toolName: "Bash", input: ["command": "ls"], toolUseID: "toolu_9", suggestions: nil)])
        let hook = try decode(#"{"type":"control_request","request_id":"r2","request":{"subtype":"hook_callback"}}"#)
        #expect(translator.translate(hook) == [.unsupportedControl(requestID: "r2", subtype: "hook_callback")])
        let end = try decode(#"{"type":"result","subtype":"success","is_error":false,"stop_reason":"end_turn","result":"done"}"#)
        #expect(translator.translate(end) == [.turnEnded(subtype: "success", stopReason: "end_turn", isError: false, message: "done")])
    }

    @Test func ignorableLinesAreThoseThatTranslateToNothing() throws {
        let lines = [
            #"{"type":"system","subtype":"init","session_id":"s","tools":["Bash"]}"#,
            #"{"type":"stream_event","event":{"type":"content_block_stop","index":0}}"#,
            #"{"type":"assistant","message":{"content":[{"type":"text","text":"Hi"}]}}"#,
        ]
        for line in lines {
            var translator = ClaudeStreamTranslator()
            #expect(ClaudeCodeAgent.isIgnorable(line))
            #expect(translator.translate(try decode(line)).isEmpty)
        }
        #expect(!ClaudeCodeAgent.isIgnorable(#"{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}}"#))
        #expect(!ClaudeCodeAgent.isIgnorable(#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"1","name":"Bash","input":{}}]}}"#))
        #expect(!ClaudeCodeAgent.isIgnorable(#"{"subtype":"success","type":"result"}"#))
    }
}
