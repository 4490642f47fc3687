import ACP

/// What the driver sends to `codex app-server`: request params and approval answers, built in one
/// place so the unit tests can check them against the CLI's generated JSON schema.
enum CodexRequests {
    /// A Codex approval preset offered as an ACP session mode.
    struct Mode: Sendable {
        var id: String
        var name: String
        var description: String
        /// `AskForApproval`.
        var approval: String
        /// `SandboxMode` (`thread/start`, `thread/resume`).
        var sandbox: String
        /// `SandboxPolicy` (`turn/start`).
        var policy: JSONValue
    }

    static let modes: [Mode] = [
        Mode(id: "read-only", name: "Read Only", description: "Reads files; asks before editing or running commands",
             approval: "on-request", sandbox: "read-only", policy: ["type": "readOnly"]),
        Mode(id: "auto", name: "Auto", description: "Edits files and runs commands in the workspace sandbox; asks before anything else",
             approval: "on-request", sandbox: "workspace-write", policy: ["type": "workspaceWrite"]),
        Mode(id: "full-access", name: "Full Access", description: "Edits files and runs commands anywhere without asking",
             approval: "never", sandbox: "danger-full-access", policy: ["type": "dangerFullAccess"]),
    ]
    static let defaultMode = "auto"

    /// The preset `id`; without a working sandbox (`CodexSandbox`), a sandboxed preset runs
    /// commands unsandboxed and asks before every one Codex does not trust (`untrusted`).
    static func mode(_ id: String, sandboxed: Bool = true) -> Mode {
        var mode = modes.first { $0.id == id } ?? modes.first { $0.id == defaultMode }!
        if !sandboxed, mode.sandbox != "danger-full-access" {
            (mode.approval, mode.sandbox, mode.policy) = ("untrusted", "danger-full-access", ["type": "dangerFullAccess"])
        }
        return mode
    }

    static let initialize: JSONValue = ["clientInfo": ["name": "sandbox-agent", "title": "Sandbox Agent", "version": "0.1.0"]]

    /// `thread/start`, or `thread/resume` of `resuming`; the session's ACP `mcpServers` become
    /// Codex's `mcp_servers` config.
    static func thread(
        cwd: String, mode: String, sandboxed: Bool = true, model: String?, resuming threadID: String? = nil, mcpServers: JSONValue? = nil
    ) -> JSONValue {
        let mode = Self.mode(mode, sandboxed: sandboxed)
        var params: [String: JSONValue] = ["cwd": .string(cwd), "approvalPolicy": .string(mode.approval), "sandbox": .string(mode.sandbox)]
        if let model { params["model"] = .string(model) }
        if let threadID { params["threadId"] = .string(threadID) }
        if let servers = mcpConfig(mcpServers) { params["config"] = ["mcp_servers": servers] }
        return .object(params)
    }

    /// ACP `McpServer`s (stdio `{name, command, args, env: [{name, value}]}`, HTTP `{name, url,
    /// headers}`) as Codex's `mcp_servers` table; nil when there are none.
    static func mcpConfig(_ servers: JSONValue?) -> JSONValue? {
        var table: [String: JSONValue] = [:]
        for server in servers?.arrayValue ?? [] {
            guard let name = server["name"]?.stringValue else { continue }
            if let command = server["command"]?.stringValue {
                table[name] = ["command": .string(command), "args": server["args"] ?? [], "env": MCPServerList.object(server["env"])]
            } else if let url = server["url"]?.stringValue {
                table[name] = ["url": .string(url), "http_headers": MCPServerList.object(server["headers"])]
            }
        }
        return table.isEmpty ? nil : .object(table)
    }

    /// `turn/start`; mode and model apply to this turn and the following ones.
    static func turn(threadID: String, input: [JSONValue], mode: String, sandboxed: Bool = true, model: String?) -> JSONValue {
        let mode = Self.mode(mode, sandboxed: sandboxed)
        var params: [String: JSONValue] = [
            "threadId": .string(threadID), "input": .array(input),
            "approvalPolicy": .string(mode.approval), "sandboxPolicy": mode.policy,
        ]
        if let model { params["model"] = .string(model) }
        return .object(params)
    }

    static func interrupt(threadID: String, turnID: String) -> JSONValue {
        ["threadId": .string(threadID), "turnId": .string(turnID)]
    }

    /// What "allow always" answers to an approval request, and its label: `acceptForSession`, or
    /// the execpolicy amendment when Codex offers that instead (`availableDecisions`).
    static func always(offered: [JSONValue]?) -> (decision: JSONValue, name: String) {
        guard let offered, !offered.contains("acceptForSession") else { return ("acceptForSession", "Always allow") }
        if let amendment = offered.first(where: { $0["acceptWithExecpolicyAmendment"] != nil }) {
            let prefix = amendment["acceptWithExecpolicyAmendment"]?["execpolicy_amendment"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return (amendment, "Always allow `\(prefix.joined(separator: " "))`")
        }
        return ("accept", "Allow")
    }

    /// The answer to an approval request for the ACP option chosen (nil: cancelled).
    static func approvalAnswer(_ option: PermissionOption?, always: JSONValue) -> JSONValue {
        let decision: JSONValue =
            switch option {
            case .allowOnce?: "accept"
            case .allowAlways?: always
            case .rejectOnce?, .rejectAlways?: "decline"
            case nil: "cancel"  // cancelled: deny and stop the turn
            }
        return ["decision": decision]
    }
}
