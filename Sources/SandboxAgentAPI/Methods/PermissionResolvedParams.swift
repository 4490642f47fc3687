public import ACP

/// The params of `_sandboxagent/permission/resolved` (``SandboxAgentMethod/permissionResolved``):
/// a permission request was answered.
public struct PermissionResolvedParams: Codable, Sendable, Equatable {
    /// The request's id (`PermissionRequest.permissionId`).
    public var permissionId: String
    /// The tool call the agent asked about.
    public var toolCallId: String?
    /// The ACP `RequestPermissionOutcome` sent to the agent (`{outcome: selected, optionId}` or
    /// `{outcome: cancelled}`).
    public var outcome: JSONValue
    /// `client` (answered through the API), `cancel` (the turn was cancelled) or `session_end`.
    public var by: String

    public init(permissionId: String, toolCallId: String? = nil, outcome: JSONValue, by: String) {
        self.permissionId = permissionId
        self.toolCallId = toolCallId
        self.outcome = outcome
        self.by = by
    }
}
