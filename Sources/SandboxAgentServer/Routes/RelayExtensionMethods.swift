import ACP
import AgentInstall
import AgentSessions
import Foundation
import SandboxAgentAPI

/// Upstream's `_sandboxagent/agent/*` extension methods on the ACP relay, answered by the server
/// instead of the agent: `_sandboxagent/agent/list` (`{agents: AgentInfo[]}`, as `GET /v1/agents`)
/// and `_sandboxagent/agent/install` (`{agent, reinstall?, agentVersion?, agentProcessVersion?}` →
/// upstream's `AgentInstallResponse`, as `POST /v1/agents/{agent}/install`).
struct RelayExtensionMethods {
    let agents: AgentRoutes

    /// The JSON-RPC answer when `message` is a request for one of these methods; nil otherwise.
    func answer(_ message: JSONRPCMessage) async -> JSONRPCMessage? {
        guard case .request(let id, let method, let params) = message, method == SandboxAgentMethod.agentList || method == SandboxAgentMethod.agentInstall else { return nil }
        do {
            let result = method == SandboxAgentMethod.agentList ? try encode(AgentListResponse(agents: await agents.list())) : try await install(params)
            return .response(id: id, result: .success(result))
        } catch let error as JSONRPCError {
            return .response(id: id, result: .failure(error))
        } catch let error as AgentSessionError {
            let code = error.code == .invalidRequest || error.code == .unsupportedAgent ? -32602 : -32603
            return .response(
                id: id, result: .failure(JSONRPCError(code: code, message: error.message, data: ["code": .string("\(error.code)")])))
        } catch {
            return .response(id: id, result: .failure(.internalError("\(error)")))
        }
    }

    private func install(_ params: JSONValue?) async throws -> JSONValue {
        let fields = params?.objectValue ?? [:]
        guard let agent = fields["agent"]?.stringValue, !agent.isEmpty else { throw JSONRPCError.invalidParams("params.agent (a string) is required") }
        let reinstall = try Self.value(fields, ["reinstall"], \.boolValue, "a boolean") ?? false
        let version = try Self.value(fields, ["agentVersion", "agent_version"], \.stringValue, "a string")
            ?? Self.value(fields, ["agentProcessVersion", "agent_process_version"], \.stringValue, "a string")
        return try encode(try await agents.provider.install(agent, options: InstallOptions(reinstall: reinstall, version: version)))
    }

    /// The first of `names` present, read with `read`; a value of another type is invalid params.
    private static func value<T>(_ fields: [String: JSONValue], _ names: [String], _ read: (JSONValue) -> T?, _ kind: String) throws -> T? {
        guard let name = names.first(where: { fields[$0] != nil && fields[$0] != .null }), let raw = fields[name] else { return nil }
        guard let value = read(raw) else { throw JSONRPCError.invalidParams("params.\(name) must be \(kind)") }
        return value
    }

    private func encode(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
