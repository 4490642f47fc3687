public import ACP
import SandboxAgentAPI

/// A `session/request_permission` from the agent, held until a human answers it.
public struct PermissionRequest: Sendable, Encodable {
    public var permissionId: String
    public var sessionId: String
    public var createdAt: Int64
    /// The ACP `ToolCallUpdate` the agent asks about.
    public var toolCall: JSONValue
    /// The ACP `PermissionOption`s: `{optionId, name, kind}`.
    public var options: [JSONValue]
    /// The shorthand replies that map onto the options by `kind`.
    public var availableReplies: [String]
}

extension PermissionReply {
    /// The `optionId` this reply selects among `options`, by `kind` with upstream's fallbacks.
    func optionId(in options: [JSONValue]) -> String? {
        func first(_ kinds: [String]) -> String? {
            for kind in kinds {
                if let option = options.first(where: { $0["kind"]?.stringValue == kind }) { return option["optionId"]?.stringValue }
            }
            return nil
        }
        switch self {
        case .once: return first(["allow_once", "allow_always"])
        case .always: return first(["allow_always", "allow_once"])
        case .reject: return first(["reject_once", "reject_always"])
        case .option(let id): return options.contains { $0["optionId"]?.stringValue == id } ? id : nil
        }
    }
}
