import AgentInstall
import AgentSessions
import Foundation
import Hummingbird
import SandboxAgentAPI

/// `GET /v1/agents`, `GET /v1/agents/{agent}`: which agents can run here, with which binary,
/// version and credentials; `POST /v1/agents/{agent}/install` installs one (with its progress as
/// Server-Sent Events when asked: `InstallProgressStream`).
struct AgentRoutes {
    let agents: AgentDirectory
    let provider: AgentProvider
    let sessions: SessionManager
    let jsonLimit: Int

    func register(on routes: RouteTable) {
        routes.on(.get, "/v1/agents") { request, _ in
            try JSONBody.response(AgentListResponse(agents: await list(try Self.query(request))))
        }
        routes.on(.get, "/v1/agents/:agent") { request, context in
            var info = try await agents.agent(try agentID(context), try Self.query(request))
            info.serverStatus = Self.serverStatus(of: info.id, among: sessions.relays())
            return try JSONBody.response(info)
        }
        routes.on(.post, "/v1/agents/:agent/install") { request, context in
            let id = try agentID(context)
            let body = try await JSONBody.decode(AgentInstallRequest.self, from: request, limit: jsonLimit, whenEmpty: AgentInstallRequest())
            let options = InstallOptions(reinstall: body.reinstall ?? false, version: body.version)
            if InstallProgressStream.isWanted(by: request) {
                return try await InstallProgressStream.response(installing: id, options: options, provider: provider, instance: request.uri.path)
            }
            return try JSONBody.response(try await provider.install(id, options: options))
        }
    }

    /// Every agent with its `serverStatus` (also what `_sandboxagent/agent/list` answers).
    func list(_ query: AgentQuery = AgentQuery()) async -> [AgentInfo] {
        let relays = sessions.relays()
        return await agents.list(query).map { info in
            var info = info
            info.serverStatus = Self.serverStatus(of: info.id, among: relays)
            return info
        }
    }

    /// `running` with the uptime of the oldest ACP server of `agent`; nil when none runs (upstream
    /// leaves the field out then).
    static func serverStatus(of agent: String, among relays: [RelayServer]) -> AgentInfo.ServerStatus? {
        guard let oldest = relays.filter({ $0.agent == agent }).map(\.createdAtMs).min() else { return nil }
        return AgentInfo.ServerStatus(status: "running", uptimeMs: max(0, Int64(Date().timeIntervalSince1970 * 1000) - oldest))
    }

    /// `?config=true&no_cache=true` (upstream's `AgentsQuery`).
    static func query(_ request: Request) throws -> AgentQuery {
        AgentQuery(config: try request.query.bool("config") ?? false, noCache: try request.query.bool("no_cache") ?? false)
    }

    private func agentID(_ context: APIRequestContext) throws -> String {
        guard let id = context.parameters.get("agent") else { throw APIError.invalidRequest("missing agent id") }
        return id
    }
}
