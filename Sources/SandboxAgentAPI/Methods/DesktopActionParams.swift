public import ACP

/// The params of `_sandboxagent/desktop/action` (``SandboxAgentMethod/desktopAction``): one action
/// on the desktop of the session that owns it, by the agent or a person.
public struct DesktopActionParams: Codable, Sendable, Equatable {
    /// `agent` (through the API or the desktop MCP server) or `human` (a live-view viewer).
    public var source: String
    /// The action's name (`click`, `type`, `screenshot`, …).
    public var action: String
    /// The request's parameters, as sent (null when it had none).
    public var parameters: JSONValue
    /// What the action answered (or its error).
    public var result: JSONValue
    /// The screenshot the action took, as its description (`GET /v1/sessions/{id}/screenshots/...`),
    /// or null.
    public var screenshot: JSONValue
    public var durationMs: Double

    public init(source: String, action: String, parameters: JSONValue, result: JSONValue, screenshot: JSONValue, durationMs: Double) {
        self.source = source
        self.action = action
        self.parameters = parameters
        self.result = result
        self.screenshot = screenshot
        self.durationMs = durationMs
    }
}
