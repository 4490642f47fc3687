import ACP

/// Codex's `mcpServer/elicitation/request`: an elicitation on behalf of an MCP server.
///
/// Codex asks this way before it runs an MCP tool that is not read-only
/// (`_meta.codex_approval_kind: "mcp_tool_call"`, message `Allow the desktop MCP server to run
/// tool "click"?`): that becomes an ACP permission request for the tool call, answered with
/// `accept` (plus `_meta.persist: "session"` for "always"), `decline` or `cancel`. An MCP server
/// asking the user for input (MCP form or URL mode) becomes an ACP `elicitation/create` whose
/// result goes back as it is; Codex's own form modes (`openai/form`) are declined.
enum CodexMCPElicitation: Sendable {
    /// Whether the tool `tool` of MCP server `server` may run with `arguments`.
    case toolApproval(server: String, tool: String, arguments: JSONValue, message: String, remembers: Bool)
    /// An MCP elicitation (form or URL mode) for the user, as ACP `elicitation/create` params
    /// whose session id the driver fills in.
    case input(ElicitationCreateParams)
    /// A mode ACP has no counterpart for.
    case unsupported

    init(params: JSONValue) {
        let meta = params["_meta"]
        let server = params["serverName"]?.stringValue ?? "mcp"
        let message = params["message"]?.stringValue ?? ""
        if meta?["codex_approval_kind"]?.stringValue == "mcp_tool_call" {
            let quoted = message.split(separator: "\"", omittingEmptySubsequences: false)
            self = .toolApproval(
                server: server, tool: quoted.count >= 3 ? String(quoted[1]) : "tool", arguments: meta?["tool_params"] ?? .null,
                message: message, remembers: meta?["persist"]?.arrayValue?.contains("session") ?? false)
            return
        }
        switch (params["mode"]?.stringValue, params["requestedSchema"], params["url"]?.stringValue) {
        case ("form", let schema?, _) where schema.objectValue != nil:
            self = .input(ElicitationCreateParams(sessionId: "", mode: "form", message: message, requestedSchema: schema))
        case ("url", _, let url?):
            self = .input(ElicitationCreateParams(sessionId: "", mode: "url", message: message, url: url, elicitationId: params["elicitationId"]?.stringValue))
        default:
            self = .unsupported
        }
    }

    /// The answer to a tool approval for the ACP option chosen (nil: cancelled).
    static func approvalAnswer(_ option: PermissionOption?) -> JSONValue {
        switch option {
        case .allowOnce?: ["action": "accept", "content": [:]]
        case .allowAlways?: ["action": "accept", "content": [:], "_meta": ["persist": "session"]]
        case .rejectOnce?, .rejectAlways?: ["action": "decline"]
        case nil: ["action": "cancel"]
        }
    }

    /// The answer to an input elicitation for the client's `elicitation/create` result (nil: cancelled).
    static func inputAnswer(_ result: ElicitationCreateResult?) -> JSONValue {
        guard let result else { return ["action": "cancel"] }
        return result.action == .accept ? ["action": "accept", "content": result.content ?? [:]] : ["action": .string(result.action.rawValue)]
    }
}
