public import ACP
public import SandboxAgentAPI

extension McpServerConfig {
    /// The server as an ACP `session/new` `mcpServers` entry named `name`, which every driver
    /// passes on (Claude Code's `--mcp-config`, Codex's `mcp_servers`, ACP agents as is).
    ///
    /// A local server's `cwd` becomes a `/bin/sh` wrapper that changes directory first (ACP has no
    /// `cwd` for MCP servers). A remote server's `bearerTokenEnvVar` and `envHeaders` are read
    /// from `environment`; a variable that is not set is a warning and its header is left out.
    /// - Returns: the entry and warnings (for the session's `config_applied` event).
    public func acpServer(named name: String, environment: [String: String]) -> (server: JSONValue, warnings: [String]) {
        switch self {
        case .local(let server):
            var command = server.command.program
            var args = server.command.leadingArguments + (server.args ?? [])
            if let cwd = server.cwd {
                args = ["-c", #"cd "$0" && exec "$@""#, cwd, command] + args
                command = "/bin/sh"
            }
            let env = (server.env ?? [:]).sorted { $0.key < $1.key }.map { JSONValue.object(["name": .string($0.key), "value": .string($0.value)]) }
            let entry: JSONValue = ["name": .string(name), "command": .string(command), "args": .array(args.map(JSONValue.string)), "env": .array(env)]
            return (entry, [])
        case .remote(let server):
            var warnings: [String] = []
            var headers = server.headers ?? [:]
            for (header, variable) in (server.envHeaders ?? [:]).sorted(by: { $0.key < $1.key }) {
                if let value = environment[variable] {
                    headers[header] = value
                } else {
                    warnings.append("MCP server \(name): envHeaders.\(header) names \(variable), which is not set")
                }
            }
            if let variable = server.bearerTokenEnvVar {
                if let token = environment[variable] {
                    headers["Authorization"] = "Bearer \(token)"
                } else {
                    warnings.append("MCP server \(name): bearerTokenEnvVar names \(variable), which is not set")
                }
            }
            let pairs = headers.sorted { $0.key < $1.key }.map { JSONValue.object(["name": .string($0.key), "value": .string($0.value)]) }
            let entry: JSONValue = [
                "type": .string(server.transport ?? "http"), "name": .string(name), "url": .string(server.url), "headers": .array(pairs),
            ]
            return (entry, warnings)
        }
    }
}
