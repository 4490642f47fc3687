import ACP

/// `/read PATH` and `/write PATH TEXT`: tool calls served by the client's `fs/*` methods.
extension Turn {
    func read(_ argument: String) async {
        guard !argument.isEmpty else { return await say("usage: /read PATH") }
        let path = absolute(argument)
        let id = await startTool(
            title: "Read \(path)", kind: "read", locations: [["path": .string(path)]], rawInput: ["file_path": .string(path)]
        ).toolCallId
        guard await client.capabilities.readTextFile else {
            return failTool(id, "client does not support fs/read_text_file")
        }
        updateTool(id, status: "in_progress")
        let reply = await client.request(ACPMethod.fsReadTextFile, JSONValue(encoding: ReadTextFileParams(sessionId: sessionId, path: path)))
        switch reply {
        case .result(let result):
            guard let content = try? result.decoded(as: ReadTextFileResult.self).content else {
                return failTool(id, "fs/read_text_file returned no content")
            }
            updateTool(id, status: "completed", content: [SessionUpdate.toolText(content)])
            await say(content)
        case .error(let error): failTool(id, error.message)
        case .abandoned: failTool(id, "cancelled")
        }
    }

    func write(_ script: PromptScript) async {
        let (rawPath, text) = script.firstWordAndRest
        guard !rawPath.isEmpty else { return await say("usage: /write PATH TEXT") }
        let path = absolute(rawPath)
        let diff: JSONValue = ["type": "diff", "path": .string(path), "oldText": .null, "newText": .string(text)]
        let id = await startTool(
            title: "Write \(path)", kind: "edit", content: [diff], locations: [["path": .string(path)]],
            rawInput: ["file_path": .string(path), "content": .string(text)]
        ).toolCallId
        guard await client.capabilities.writeTextFile else {
            return failTool(id, "client does not support fs/write_text_file")
        }
        updateTool(id, status: "in_progress")
        let reply = await client.request(
            ACPMethod.fsWriteTextFile, JSONValue(encoding: WriteTextFileParams(sessionId: sessionId, path: path, content: text)))
        switch reply {
        case .result: updateTool(id, status: "completed", content: [diff])
        case .error(let error): failTool(id, error.message)
        case .abandoned: failTool(id, "cancelled")
        }
    }
}
