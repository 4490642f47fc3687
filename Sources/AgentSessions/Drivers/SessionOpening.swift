import ACP

/// A `session/new` or `session/load` to a native driver, read from its typed params
/// (``NewSessionParams``, ``LoadSessionParams``): params that do not fit are invalid params
/// naming the member (`cwd is required`).
struct SessionOpening {
    var cwd: String
    /// The session `session/load` resumes; nil for `session/new`.
    var resuming: String?
    /// ACP `McpServer` objects, as the client sent them.
    var mcpServers: JSONValue

    /// The request `method` (`session/new` or `session/load`) with `params`.
    init(method: String, params: JSONValue) throws(JSONRPCError) {
        if method == ACPMethod.sessionLoad {
            let load = try params.decoded(as: LoadSessionParams.self)
            (cwd, resuming, mcpServers) = (load.cwd, load.sessionId, load.mcpServers)
        } else {
            let new = try params.decoded(as: NewSessionParams.self)
            (cwd, resuming, mcpServers) = (new.cwd, nil, new.mcpServers)
        }
    }
}
