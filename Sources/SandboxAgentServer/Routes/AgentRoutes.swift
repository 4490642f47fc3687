import AgentInstall
import AgentSessions
import Hummingbird

/// `GET /v1/agents`, `GET /v1/agents/{agent}`: which agents can run here, with which binary,
/// version and credentials; `POST /v1/agents/{agent}/install` installs one.
struct AgentRoutes {
    let agents: AgentDirectory
    let provider: AgentProvider
    let jsonLimit: Int

    /// `AgentInstallRequest`; `agentProcessVersion` is accepted for upstream clients and means the
    /// same as `agentVersion` here (one artifact per agent).
    struct InstallBody: Decodable {
        var reinstall: Bool?
        var agentVersion: String?
        var agentProcessVersion: String?
    }

    func register(on routes: RouteTable) {
        routes.on(.get, "/v1/agents") { _, _ in
            try JSONBody.response(AgentListResponse(agents: await agents.list()))
        }
        routes.on(.get, "/v1/agents/:agent") { _, context in
            try JSONBody.response(try await agents.agent(try agentID(context)))
        }
        routes.on(.post, "/v1/agents/:agent/install") { request, context in
            let id = try agentID(context)
            let body = try await JSONBody.decode(InstallBody.self, from: request, limit: jsonLimit, whenEmpty: InstallBody())
            let options = InstallOptions(reinstall: body.reinstall ?? false, version: body.agentVersion ?? body.agentProcessVersion)
            return try JSONBody.response(try await provider.install(id, options: options))
        }
    }

    private func agentID(_ context: APIRequestContext) throws -> String {
        guard let id = context.parameters.get("agent") else { throw APIError.invalidRequest("missing agent id") }
        return id
    }
}
