import ACP

/// `/ask [QUESTION]`: a question to the human through `elicitation/create` (form mode), whose
/// answer is echoed back.
extension Turn {
    /// The form the mock asks for: one choice, a multiple choice and an optional number.
    static let questionSchema: JSONValue = [
        "type": "object",
        "properties": [
            "database": [
                "type": "string", "title": "Database",
                "oneOf": [
                    ["const": "postgres", "title": "PostgreSQL", "description": "a server"],
                    ["const": "sqlite", "title": "SQLite", "description": "embedded, one file"],
                ],
            ],
            "features": [
                "type": "array", "title": "Features", "description": "Which extras to set up",
                "items": ["type": "string", "enum": ["migrations", "backups", "replication"]],
            ],
            "poolSize": ["type": "integer", "title": "Connection pool size", "minimum": 1, "maximum": 100],
        ],
        "required": ["database"],
    ]

    func ask(_ argument: String) async {
        let message = argument.isEmpty ? "Which database should I use?" : argument
        let id = await startTool(title: "Ask the user", kind: "other", rawInput: ["message": .string(message)]).toolCallId
        guard await client.capabilities.elicitationForm else {
            failTool(id, "the client does not support elicitation")
            await say("The client cannot answer questions.")
            return
        }
        let params = ElicitationCreateParams(sessionId: sessionId, toolCallId: id, mode: "form", message: message, requestedSchema: Self.questionSchema)
        let reply = await client.request(ACPMethod.elicitationCreate, JSONValue(encoding: params), cancelGrace: .seconds(2))
        switch reply {
        case .abandoned:
            failTool(id, "cancelled")
            cancelledByClient = true
        case .error(let error):
            failTool(id, "elicitation failed")
            await say("Question failed (\(error.code)).")
        case .result(let result):
            let answer = ElicitationCreateResult(answer: result)
            switch answer?.action {
            case .accept?:
                let content = answer?.content ?? [:]
                updateTool(id, status: "completed", rawOutput: content)
                await say("You answered: \(content.jsonText)")
            case .decline?:
                failTool(id, "declined")
                await say("Declined.")
            default:
                failTool(id, "cancelled")
                await say("Cancelled.")
            }
        }
    }
}
