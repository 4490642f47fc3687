import ACP

/// The MCP servers a Codex thread was configured with that are still starting. Codex starts them
/// in the background and offers a server's tools only once it is up, so a turn that begins first
/// (a loaded machine, a slow `npx` server) would silently lack them; the driver's first turn waits
/// for every configured server to report `ready`, `failed` or `cancelled`, within `wait`.
struct CodexMCPStartup {
    /// Longest wait for the servers (Codex gives each 10 s by default before it reports `failed`).
    static let wait = Duration.seconds(30)

    private var starting: Set<String> = []
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A thread was opened with these ACP `mcpServers` (each with a `name`).
    mutating func expect(_ servers: JSONValue?) {
        starting = Set((servers?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
    }

    var isPending: Bool { !starting.isEmpty }

    /// Adds a turn that waits for the servers.
    mutating func enqueue(_ waiter: CheckedContinuation<Void, Never>) {
        isPending ? waiters.append(waiter) : waiter.resume()
    }

    /// `mcpServer/startupStatus/updated`: a server that is no longer `starting` is done.
    mutating func update(_ params: JSONValue) {
        guard let name = params["name"]?.stringValue, params["status"]?.stringValue != "starting" else { return }
        starting.remove(name)
        if starting.isEmpty { release() }
    }

    /// Stops waiting (the deadline passed, or Codex exited); later turns do not wait either.
    mutating func release() {
        starting.removeAll()
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}
