/// An answer to a permission request: a shorthand mapped onto an offered option by `kind`, or an
/// exact `optionId`.
public enum PermissionReply: Sendable, Hashable {
    /// `allow_once`, else `allow_always`.
    case once
    /// `allow_always`, else `allow_once`.
    case always
    /// `reject_once`, else `reject_always`.
    case reject
    /// Exactly this offered option.
    case option(String)

    /// `once`, `always` or `reject`; nil for other text.
    public init?(shorthand: String) {
        switch shorthand {
        case "once": self = .once
        case "always": self = .always
        case "reject": self = .reject
        default: return nil
        }
    }
}

/// Body of `POST /v1/sessions/{id}/permissions/{permissionId}` (`PermissionReplyRequest`): exactly
/// one of `reply` (`once`, `always`, `reject`) or `optionId`.
public struct PermissionReplyRequest: Codable, Sendable, Equatable {
    public var reply: String?
    public var optionId: String?

    public init(reply: String? = nil, optionId: String? = nil) {
        self.reply = reply
        self.optionId = optionId
    }

    /// The body that sends `reply`.
    public init(_ reply: PermissionReply) {
        switch reply {
        case .once: self.init(reply: "once")
        case .always: self.init(reply: "always")
        case .reject: self.init(reply: "reject")
        case .option(let optionId): self.init(optionId: optionId)
        }
    }

    /// Why a body is not a reply.
    public struct Invalid: Error, Sendable, Equatable {
        public var message: String
    }

    /// The reply this body gives; ``Invalid`` when it gives none or two.
    public func parsed() throws(Invalid) -> PermissionReply {
        switch (reply, optionId) {
        case (nil, let optionId?): return .option(optionId)
        case (let reply?, nil):
            guard let parsed = PermissionReply(shorthand: reply) else {
                throw Invalid(message: "reply must be once, always or reject, got '\(reply)'")
            }
            return parsed
        default: throw Invalid(message: "send exactly one of 'reply' (once|always|reject) or 'optionId'")
        }
    }
}

/// Reply of `POST /v1/sessions/{id}/permissions/{permissionId}`.
public struct PermissionReplyResponse: Codable, Sendable, Equatable {
    public var permissionId: String
    /// The option sent to the agent.
    public var optionId: String

    public init(permissionId: String, optionId: String) {
        self.permissionId = permissionId
        self.optionId = optionId
    }
}
