import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One agent as `GET /v1/agents` describes it.
public struct AgentInfo: Codable, Sendable, Equatable {
    public var id: String
    public var installed: Bool
    public var credentialsAvailable: Bool
    /// `acp`, `claude-code` or `codex`.
    public var driver: String?
    public var path: String?
    public var version: String?
    public var capabilities: [String: Bool]
    /// Modes and models known before a session runs (native drivers).
    public var modes: [Choice]?
    public var models: [Choice]?
    /// How to make it usable, when it is not.
    public var configError: String?

    /// A mode or model.
    public struct Choice: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
    }
}

/// `GET /v1/agents`.
public struct AgentListResponse: Codable, Sendable, Equatable {
    public var agents: [AgentInfo]
}

/// `POST /v1/agents/{agent}/install`.
public struct AgentInstallResponse: Codable, Sendable, Equatable {
    public struct Artifact: Codable, Sendable, Equatable {
        /// `native_cli` or `agent_process`.
        public var kind: String
        public var path: String
        public var source: String
        public var version: String?
    }

    public var alreadyInstalled: Bool
    public var artifacts: [Artifact]

    enum CodingKeys: String, CodingKey {
        case alreadyInstalled = "already_installed"
        case artifacts
    }
}

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
        struct Body: Encodable {
            var reinstall: Bool
            var agentVersion: String?
        }
        return try await decode(send(.POST, "/v1/agents/" + Self.escape(id) + "/install", body: .json(Body(reinstall: reinstall, agentVersion: version))))
    }
}
