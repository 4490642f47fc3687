import ACP
import Foundation

/// How a prompt turn ended.
enum TurnOutcome: Sendable, Equatable {
    /// Answer `{"stopReason": reason}`.
    case stop(String)
    /// Answer with a JSON-RPC error.
    case failure(JSONRPCError)
    /// Exit the process without answering.
    case crash
}

/// One running `session/prompt`: emits the session's updates, talks to the client, and collects
/// the reply text for the transcript. Lives inside the turn's task; cancelling that task cancels
/// the turn.
final class Turn {
    let sessionId: String
    let cwd: String
    let output: Output
    let client: ClientLink
    let sessions: Sessions
    /// The session's MCP servers (for `/computer`).
    let mcpServers: [JSONValue]
    /// Everything sent as `agent_message_chunk` text, in order.
    private(set) var reply = ""
    /// Set when the client itself ended the turn (a permission answered `cancelled`).
    var cancelledByClient = false

    init(record: MockSessionRecord, output: Output, client: ClientLink, sessions: Sessions) {
        self.sessionId = record.sessionId
        self.cwd = record.cwd
        self.output = output
        self.client = client
        self.sessions = sessions
        self.mcpServers = record.mcpServers ?? []
    }

    var isCancelled: Bool { Task.isCancelled || cancelledByClient }

    /// Runs the script and decides the outcome.
    func run(_ script: PromptScript) async -> TurnOutcome {
        switch script.command {
        case nil: await stream(script.argument)
        case .think: await think(script.argument)
        case .tool: await tool()
        case .plan: plan()
        case .permission: await permission(script.argument)
        case .ask: await ask(script.argument)
        case .computer: await computer(script.argument)
        case .write: await write(script)
        case .read: await read(script.argument)
        case .terminal: await terminal(script.argument)
        case .request: await request(script)
        case .slow: await slow(script.count(default: 10))
        case .flood: await flood(script.count(default: 1000))
        case .pace:
            let numbers = script.argument.split(separator: " ").compactMap { Int($0) }
            await pace(count: numbers.first ?? 1000, rate: numbers.dropFirst().first ?? 1000)
        case .error: return .failure(.internalError("mock failure"))
        case .crash:
            await say("Crashing.")
            output.diagnostic("mock-agent: crashing on purpose")
            return .crash
        }
        return .stop(isCancelled ? "cancelled" : "end_turn")
    }

    // MARK: Emitting

    func update(_ payload: some SessionUpdatePayload) {
        output.send(SessionUpdateParams.notification(sessionId: sessionId, update: payload))
    }

    /// One `agent_message_chunk` (or `agent_thought_chunk` with `thought`).
    func chunk(_ text: String, messageID: String, thought: Bool = false) {
        if thought {
            update(AgentThoughtChunk(text: text, messageId: messageID))
        } else {
            reply += text
            update(AgentMessageChunk(text: text, messageId: messageID))
        }
    }

    /// A new message: the text split after every space, all chunks with one `messageId`.
    func stream(_ text: String) async {
        let messageID = await sessions.nextMessageID()
        for piece in SessionUpdate.words(text) { chunk(piece, messageID: messageID) }
    }

    /// A new message of one chunk.
    func say(_ text: String) async {
        chunk(text, messageID: await sessions.nextMessageID())
    }

    /// Announces a tool call (`tool_call`, status `pending`); returns it.
    func startTool(
        title: String, kind: String, content: [JSONValue]? = nil, locations: [JSONValue]? = nil, rawInput: JSONValue
    ) async -> ToolCall {
        let call = ToolCall(
            toolCallId: await sessions.nextCallID(), title: title, kind: kind, status: "pending", content: content, locations: locations,
            rawInput: rawInput)
        update(call)
        return call
    }

    /// A `tool_call_update` with a new status and, optionally, new content and raw output.
    func updateTool(_ id: String, status: String, content: [JSONValue]? = nil, rawOutput: JSONValue? = nil) {
        update(ToolCallUpdate(toolCallId: id, status: status, content: content, rawOutput: rawOutput))
    }

    /// Marks a tool call `failed` with `message` as its text content.
    func failTool(_ id: String, _ message: String) {
        updateTool(id, status: "failed", content: [SessionUpdate.toolText(message)])
    }

    /// A path of the prompt made absolute against the session's cwd.
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: cwd).appendingPathComponent(path).path
    }
}
