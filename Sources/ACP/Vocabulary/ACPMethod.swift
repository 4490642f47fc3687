/// The ACP v1 method names this project sends, serves or relays (schema 1.21 `meta.json`),
/// defined once for the session engine, the native drivers, the relay, the mock agent, the
/// client and the CLI.
///
/// They live in the ACP target, beside the JSON-RPC types, rather than in `SandboxAgentAPI`:
/// the mock agent and the drivers speak ACP without knowing the HTTP API, and `SandboxAgentAPI`
/// (which depends on this target) only adds the server's own `_sandboxagent/*` methods
/// (`SandboxAgentMethod`). MCP's `initialize` (the desktop MCP server, the mock agent's MCP
/// client) is another protocol's method and is not named here.
public enum ACPMethod {
    // MARK: Client → agent

    /// Request: negotiates the protocol version and capabilities (params: ``InitializeParams``).
    public static let initialize = "initialize"
    /// Request: a new agent session (params: ``NewSessionParams``; result: `sessionId`, `modes?`, `configOptions?`).
    public static let sessionNew = "session/new"
    /// Request: an earlier agent session, replayed as updates first (params: ``LoadSessionParams``).
    public static let sessionLoad = "session/load"
    /// Request: one turn (params: ``PromptParams``; result: `stopReason`, `usage?`).
    public static let sessionPrompt = "session/prompt"
    /// Notification: stop the running turn (params: ``CancelParams``).
    public static let sessionCancel = "session/cancel"
    /// Request: switch the session mode (params: ``SetModeParams``).
    public static let sessionSetMode = "session/set_mode"
    /// Request: set one config option, the model among them (params: ``SetConfigOptionParams``;
    /// result: the complete `configOptions`).
    public static let sessionSetConfigOption = "session/set_config_option"

    // MARK: Either direction

    /// Notification: cancel one outstanding request (params: `requestId`); it is still answered.
    public static let cancelRequest = "$/cancel_request"

    // MARK: Agent → client

    /// Notification: streamed progress of a session (params: ``SessionUpdateParams``).
    public static let sessionUpdate = "session/update"
    /// Request: ask the user to allow a tool call (params: `sessionId`, `toolCall`, `options`).
    public static let sessionRequestPermission = "session/request_permission"
    /// Request: read a text file (params: `sessionId`, `path`, `line?`, `limit?`; result: `content`).
    public static let fsReadTextFile = "fs/read_text_file"
    /// Request: write a text file (params: `sessionId`, `path`, `content`).
    public static let fsWriteTextFile = "fs/write_text_file"
    /// Request: ask the user for structured input or to visit a URL (params: `message`, `mode`, …;
    /// result: `action`, `content?`).
    public static let elicitationCreate = "elicitation/create"
    /// Request: start a command (params: `sessionId`, `command`, `args?`, `env?`, `cwd?`, `outputByteLimit?`; result: `terminalId`).
    public static let terminalCreate = "terminal/create"
    /// Request: a terminal's output so far (result: `output`, `truncated`, `exitStatus?`).
    public static let terminalOutput = "terminal/output"
    /// Request: wait until a terminal's command exits (result: `exitCode?`, `signal?`).
    public static let terminalWaitForExit = "terminal/wait_for_exit"
    /// Request: kill a terminal's command; the terminal stays valid.
    public static let terminalKill = "terminal/kill"
    /// Request: kill if running and forget a terminal.
    public static let terminalRelease = "terminal/release"
}
