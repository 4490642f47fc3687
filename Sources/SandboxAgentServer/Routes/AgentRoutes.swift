import AgentSessions
import Hummingbird

/// `GET /v1/agents` and `GET /v1/agents/{agent}`: which agents can run here, with which binary,
/// version and credentials.
struct AgentRoutes {
    let agents: AgentDirectory

    func register(on routes: RouteTable) {
        routes.on(.get, "/v1/agents") { _, _ in
            try JSONBody.response(AgentListResponse(agents: await agents.list()))
        }
        routes.on(.get, "/v1/agents/:agent") { _, context in
            guard let id = context.parameters.get("agent") else { throw APIError.invalidRequest("missing agent id") }
            return try JSONBody.response(try await agents.agent(id))
        }
    }
}
