import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import SandboxAgentAPI

/// The `/v1/agents` operations.
extension SandboxAgentClient {
    /// `GET /v1/agents`: every known agent, sorted by id.
    ///
    /// - Parameters:
    ///   - config: Also report each agent's `configOptions` (known without starting it).
    ///   - noCache: Ask each agent's binary for its version again instead of the cached answer.
    public func agents(config: Bool = false, noCache: Bool = false) async throws -> [AgentInfo] {
        let list: AgentListResponse = try await decode(send(.GET, "/v1/agents", query: Self.agentQuery(config: config, noCache: noCache)))
        return list.agents
    }

    /// `GET /v1/agents/{agent}`, with the same options as ``agents(config:noCache:)``.
    public func agent(_ id: String, config: Bool = false, noCache: Bool = false) async throws -> AgentInfo {
        try await decode(send(.GET, "/v1/agents/" + Self.escape(id), query: Self.agentQuery(config: config, noCache: noCache)))
    }

    private static func agentQuery(config: Bool, noCache: Bool) -> KeyValuePairs<String, String?> {
        ["config": config ? "true" : nil, "no_cache": noCache ? "true" : nil]
    }

    /// `POST /v1/agents/{agent}/install`: installs the agent on the server (or reports it installed).
    @discardableResult
    public func installAgent(_ id: String, reinstall: Bool = false, version: String? = nil) async throws -> AgentInstallResponse {
        let body = AgentInstallRequest(reinstall: reinstall, agentVersion: version)
        return try await decode(send(.POST, "/v1/agents/" + Self.escape(id) + "/install", body: .json(body)))
    }
}
