import ACP

/// ACP `mcpServers` (from `session/new`) as Claude Code's `--mcp-config` JSON:
/// `{"mcpServers": {name: {command, args, env} | {type: "http"|"sse", url, headers}}}`.
enum ClaudeMCPConfig {
    /// Nil when there is no server to pass.
    static func json(_ servers: JSONValue?) -> String? {
        var entries: [String: JSONValue] = [:]
        for server in servers?.arrayValue ?? [] {
            guard let name = server["name"]?.stringValue else { continue }
            if let url = server["url"]?.stringValue {
                entries[name] = ["type": .string(server["type"]?.stringValue ?? "http"), "url": .string(url), "headers": MCPServerList.object(server["headers"])]
            } else if let command = server["command"]?.stringValue {
                entries[name] = ["command": .string(command), "args": server["args"] ?? [], "env": MCPServerList.object(server["env"])]
            }
        }
        return entries.isEmpty ? nil : JSONValue.object(["mcpServers": .object(entries)]).jsonText
    }
}
