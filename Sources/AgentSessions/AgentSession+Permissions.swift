import ACP
public import SandboxAgentAPI
import SessionStore

/// A permission request waiting for its answer.
struct PendingPermission {
    var request: PermissionRequest
    var continuation: CheckedContinuation<JSONValue, Never>
}

extension AgentSession {
    /// The permission requests waiting for a human, oldest first.
    public var pendingPermissions: [PermissionRequest] {
        permissions.values.map(\.request).sorted { $0.createdAt < $1.createdAt || ($0.createdAt == $1.createdAt && $0.permissionId < $1.permissionId) }
    }

    /// Answers a pending permission request; the agent gets the selected option, returned here.
    @discardableResult
    /// After the session ended nothing is answered (409) and nothing is recorded.
    public func answerPermission(_ permissionId: String, reply: PermissionReply) throws(AgentSessionError) -> String {
        guard record.status != .ended else {
            throw AgentSessionError(.conflict, "session \(record.id) has ended; permission \(permissionId) can no longer be answered")
        }
        guard let pending = permissions[permissionId] else {
            if answeredPermissions.contains(permissionId) {
                throw AgentSessionError(.conflict, "permission \(permissionId) was already answered")
            }
            throw AgentSessionError(.permissionNotFound, "no pending permission request \(permissionId) in session \(record.id)")
        }
        guard let optionId = reply.optionId(in: pending.request.options) else {
            let offered = pending.request.options.map(\.optionId).joined(separator: ", ")
            throw AgentSessionError(.invalidRequest, "reply \(reply) matches none of the offered options (\(offered))")
        }
        resolve(permissionId, outcome: ["outcome": "selected", "optionId": .string(optionId)], by: "client")
        return optionId
    }

    /// Serves `session/request_permission`: holds it until answered, cancelled, or the session ends.
    func requestPermission(_ params: JSONValue?) async -> Result<JSONValue, JSONRPCError> {
        let request: RequestPermissionParams
        let offered: [SandboxAgentAPI.PermissionOption]
        do throws(JSONRPCError) {
            request = try Self.decode(params)
            offered = try (Self.decode(params) as OfferedOptions).options
        } catch {
            return .failure(error)
        }
        guard !offered.isEmpty else { return .failure(.invalidParams("options must not be empty")) }
        let permissionId = "perm_\(nextPermission)"
        nextPermission += 1
        let pending = PermissionRequest(
            permissionId: permissionId, sessionId: record.id, createdAt: EventLog.nowMs(),
            toolCall: request.toolCall, options: offered, availableReplies: ["once", "always", "reject"])
        let outcome = await withCheckedContinuation { continuation in
            permissions[permissionId] = PendingPermission(request: pending, continuation: continuation)
        }
        return .success(["outcome": outcome])
    }

    /// Answers every pending request `cancelled` (on `session/cancel` and when the session ends).
    func cancelAllPermissions(by cause: String) {
        for permissionId in permissions.keys.sorted() {
            resolve(permissionId, outcome: ["outcome": "cancelled"], by: cause)
        }
    }

    private func resolve(_ permissionId: String, outcome: JSONValue, by cause: String) {
        guard let pending = permissions.removeValue(forKey: permissionId) else { return }
        answeredPermissions.insert(permissionId)
        let params = PermissionResolvedParams(permissionId: permissionId, toolCallId: pending.request.toolCallId, outcome: outcome, by: cause)
        log.appendServerNotification(SandboxAgentMethod.permissionResolved, params)
        pending.continuation.resume(returning: outcome)
    }
}

/// The `options` of a `session/request_permission`, read as the API's `PermissionOption`s (an
/// option that is not one is invalid params naming it: `options[0].kind is required`).
private struct OfferedOptions: Decodable {
    var options: [SandboxAgentAPI.PermissionOption]
}
