import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import SandboxAgentAPI

/// The `/v1/agents` operations.
extension SandboxAgentClient {
    /// `GET /v1/agents`: every known agent, sorted by id.
    public func agents() async throws -> [AgentInfo] {
        let list: AgentListResponse = try await decode(send(.GET, "/v1/agents"))
        return list.agents
    }

    /// `GET /v1/agents/{agent}`.
    public func agent(_ id: String) async throws -> AgentInfo {
        try await decode(send(.GET, "/v1/agents/" + Self.escape(id)))
    }

    /// `POST /v1/agents/{agent}/install`: installs the agent on the server (or reports it installed).
    @discardableResult
    public func installAgent(_ id: String, reinstall: Bool = false, version: String? = nil) async throws -> AgentInstallResponse {
        let body = AgentInstallRequest(reinstall: reinstall, agentVersion: version)
        return try await decode(send(.POST, "/v1/agents/" + Self.escape(id) + "/install", body: .json(body)))
    }
}
