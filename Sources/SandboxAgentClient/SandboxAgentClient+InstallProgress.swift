import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import SandboxAgentAPI

extension SandboxAgentClient {
    /// `POST /v1/agents/{agent}/install` with `Accept: text/event-stream`: installs the agent on the
    /// server like ``installAgent(_:reinstall:version:)``, calling `progress` with each step the
    /// server reports (resolving, downloads at most once per whole percent, unpacking) before it
    /// returns the result. Failures throw as from the plain call, whether the server refused at
    /// once (a 4xx) or the install failed after its first step (the stream's `error` event).
    @discardableResult
    public func installAgent(
        _ id: String, reinstall: Bool = false, version: String? = nil,
        progress: (AgentInstallProgress) -> Void
    ) async throws -> AgentInstallResponse {
        let body = AgentInstallRequest(reinstall: reinstall, agentVersion: version)
        let response = try await send(
            .POST, "/v1/agents/" + Self.escape(id) + "/install",
            headers: HTTPHeaders([("Accept", "text/event-stream")]), body: .json(body))
        let status = Int(response.status.code)
        guard response.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true else {
            return try await decode(response)
        }
        var parser = ServerSentEventParser()
        var outcome: Result<AgentInstallResponse, SandboxAgentClientError>?
        try await forEachChunk(of: response) { chunk in
            for event in parser.parse(chunk) where outcome == nil {
                outcome = try Self.installOutcome(of: event, status: status, progress: progress)
            }
        }
        guard let outcome else {
            throw SandboxAgentClientError(
                invalidResponse: InstallStreamEnded(), status: status)
        }
        return try outcome.get()
    }

    /// Reports a `progress` event and returns nil, or returns the install's end (`result` or
    /// `error`). A step this client cannot read (a phase from a newer server) is skipped: progress
    /// is advisory, the result is what counts.
    private static func installOutcome(
        of event: ServerSentEvent, status: Int, progress: (AgentInstallProgress) -> Void
    ) throws -> Result<AgentInstallResponse, SandboxAgentClientError>? {
        let data = Data(event.data.utf8)
        switch event.event {
        case "progress":
            if let step = try? JSONDecoder().decode(AgentInstallProgress.self, from: data) { progress(step) }
            return nil
        case "result":
            do {
                return .success(try JSONDecoder().decode(AgentInstallResponse.self, from: data))
            } catch {
                throw SandboxAgentClientError(invalidResponse: error, status: status)
            }
        case "error":
            do {
                return .failure(SandboxAgentClientError(problem: try JSONDecoder().decode(ProblemDetails.self, from: data)))
            } catch {
                throw SandboxAgentClientError(invalidResponse: error, status: status)
            }
        default:
            return nil
        }
    }
}

/// The install stream closed before its `result` or `error` event.
struct InstallStreamEnded: Error, CustomStringConvertible {
    var description: String { "the install stream ended without a result" }
}

extension SandboxAgentClientError {
    /// An error the server reported inside a stream (`event: error`) rather than as the response.
    init(problem: ProblemDetails) {
        self.code = .http
        self.status = problem.status
        self.problem = problem
    }
}
