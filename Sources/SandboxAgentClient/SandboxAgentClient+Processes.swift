public import Foundation
import AsyncHTTPClient
import NIOHTTP1
public import SandboxAgentAPI

/// The `/v1/processes` operations.
extension SandboxAgentClient {
    /// `GET /v1/processes/config`: the current limits of the process runtime.
    public func processConfig() async throws -> ProcessConfig {
        try await decode(send(.GET, "/v1/processes/config"))
    }

    /// `POST /v1/processes/config`: replaces every limit and returns the stored config
    /// (`defaultRunTimeoutMs` clamped to `maxRunTimeoutMs`).
    @discardableResult
    public func setProcessConfig(_ config: ProcessConfig) async throws -> ProcessConfig {
        try await decode(send(.POST, "/v1/processes/config", body: .json(config)))
    }

    /// `POST /v1/processes`: starts a long-lived process, on pipes or a pseudo-terminal.
    public func startProcess(_ request: ProcessCreateRequest) async throws -> ProcessRecord {
        try await decode(send(.POST, "/v1/processes", body: .json(request)))
    }

    /// `POST /v1/processes/run`: runs a command to completion and returns its exit status and output.
    public func runProcess(_ request: ProcessRunRequest) async throws -> ProcessRunResponse {
        try await decode(send(.POST, "/v1/processes/run", body: .json(request)))
    }

    /// `GET /v1/processes`: running and exited processes sorted by id, optionally only those of `owner`.
    public func listProcesses(owner: ProcessOwner? = nil) async throws -> [ProcessRecord] {
        let list: ProcessListResponse = try await decode(
            send(.GET, "/v1/processes", query: ["owner": owner?.rawValue])
        )
        return list.processes
    }

    /// `GET /v1/processes/{id}`: the record of one process, running or exited.
    public func process(id: String) async throws -> ProcessRecord {
        try await decode(send(.GET, Self.processPath(id)))
    }

    /// `POST /v1/processes/{id}/stop`: sends SIGTERM to the process group, then waits up to `waitMs`
    /// for it to exit when given.
    @discardableResult
    public func stopProcess(id: String, waitMs: Int? = nil) async throws -> ProcessRecord {
        try await decode(send(.POST, Self.processPath(id, "stop"), query: ["waitMs": waitMs.map(String.init)]))
    }

    /// `POST /v1/processes/{id}/kill`: sends SIGKILL to the process group, then waits up to `waitMs`
    /// for it to exit when given.
    @discardableResult
    public func killProcess(id: String, waitMs: Int? = nil) async throws -> ProcessRecord {
        try await decode(send(.POST, Self.processPath(id, "kill"), query: ["waitMs": waitMs.map(String.init)]))
    }

    /// `DELETE /v1/processes/{id}`: removes the record and logs of an exited process.
    public func deleteProcess(id: String) async throws {
        _ = try await collect(send(.DELETE, Self.processPath(id)))
    }

    /// `GET /v1/processes/{id}/logs`: the buffered log entries.
    ///
    /// - Parameters:
    ///   - stream: Which output; the server defaults to `pty` for a tty process and `combined` otherwise.
    ///   - tail: Keep only the last `tail` entries.
    ///   - since: Skip entries whose sequence is at most `since`.
    public func processLogs(
        id: String, stream: LogStream? = nil, tail: Int? = nil, since: UInt64? = nil
    ) async throws -> ProcessLogsResponse {
        try await decode(send(.GET, Self.processPath(id, "logs"), query: [
            "stream": stream?.rawValue, "tail": tail.map(String.init), "since": since.map(String.init),
        ]))
    }

    /// `POST /v1/processes/{id}/input`: writes bytes to the stdin (or terminal) of an interactive process.
    @discardableResult
    public func sendInput(id: String, data: Data) async throws -> ProcessInputResponse {
        let request = ProcessInputRequest(data: data.base64EncodedString(), encoding: .base64)
        return try await decode(send(.POST, Self.processPath(id, "input"), body: .json(request)))
    }

    /// `POST /v1/processes/{id}/terminal/resize`: sets the terminal size of a tty process (1...1000 each).
    @discardableResult
    public func resizeTerminal(id: String, cols: Int, rows: Int) async throws -> TerminalSize {
        let size = TerminalSize(cols: cols, rows: rows)
        return try await decode(send(.POST, Self.processPath(id, "terminal", "resize"), body: .json(size)))
    }

    /// `/v1/processes/{id}` followed by `components`, with the id percent-encoded.
    static func processPath(_ id: String, _ components: String...) -> String {
        (["/v1/processes", escape(id)] + components).joined(separator: "/")
    }
}
