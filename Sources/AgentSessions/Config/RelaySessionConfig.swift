import ACP
import SandboxAgentAPI

/// The directory configuration of the sessions a relay's client opens (`session/new` and
/// `session/load` on `/v1/acp/{server_id}`): the MCP servers configured for the request's `cwd`
/// join its `mcpServers` before the agent sees it, and the configured skills are fetched into the
/// agent's skills directory, as ``SessionManager`` does for the sessions it starts.
struct RelaySessionConfig: Sendable {
    let applier: SessionConfigApplier
    let driver: AgentDefinition.Driver
    /// Where `bearerTokenEnvVar` and `envHeaders` are looked up (the server's and the agent's environment).
    let environment: [String: String]

    /// The request to forward in place of `message` and what was applied, or nil when `message`
    /// is not a `session/new` or `session/load` request with an absolute `cwd` and an array of
    /// `mcpServers` (left for the agent to judge), or its directory has no configuration.
    /// Skills are fetched for `session/load` too: the relay cannot tell where the session began.
    func prepare(_ message: JSONRPCMessage) async -> (request: JSONRPCMessage, applied: AppliedSessionConfig)? {
        guard case .request(let id, let method, .object(var params)?) = message,
              method == ACPMethod.sessionNew || method == ACPMethod.sessionLoad,
              let cwd = params["cwd"]?.stringValue, cwd.hasPrefix("/"),
              let own = params["mcpServers"], own.arrayValue != nil
        else { return nil }
        let applied = await applier.apply(cwd: cwd, driver: driver, ownServers: own, installSkills: true, environment: environment)
        guard applied.hasConfiguration else { return nil }
        params["mcpServers"] = applied.mcpServers
        return (.request(id: id, method: method, params: .object(params)), applied)
    }
}
