import ACP

/// ACP `mcpServers` entries as the native CLIs' configuration wants them.
enum MCPServerList {
    /// ACP's `[{name, value}]` (env, headers) as one object.
    static func object(_ pairs: JSONValue?) -> JSONValue {
        .object((pairs?.arrayValue ?? []).reduce(into: [:]) { object, pair in
            if let name = pair["name"]?.stringValue, let value = pair["value"] { object[name] = value }
        })
    }
}
