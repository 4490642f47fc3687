public import DesktopRuntime
import ProcessRuntime
import AgentSessions
import Foundation
public import SandboxAgentAPI

/// Everything `sandbox-agent server` can be told, with upstream's defaults.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    /// 0 picks a free port (the URL printed on start names it).
    public var port = 2468
    /// Bearer token every `/v1` request must carry; nil disables auth.
    public var token: String?
    public var cors = CORSPolicy()
    /// Host names answered besides IP literals and loopback names (`--allowed-host`); see `HostPolicy`.
    public var allowedHosts: [String] = []
    /// Connection deadlines: idle timeout, longest request target, shutdown grace period.
    public var connectionLimits = ConnectionLimits()
    /// Where the server keeps its state (`~/.local/share/sandbox-agent`).
    public var dataDirectory: String
    /// Confines every /v1/fs path to this directory when set.
    public var fsRoot: String?
    /// Largest JSON request body (1 MiB).
    public var maxJSONBodyBytes = 1 << 20
    /// The longest and largest a desktop recording may be (`--recording-max-seconds`, `--recording-max-bytes`).
    public var recordingLimits = DesktopRecordingLimits()
    /// Largest file upload, PUT /v1/fs/file and upload-batch (64 MiB).
    public var maxUploadBytes = 64 << 20
    public var processConfig = ProcessConfig.default
    /// Where sessions and transcripts are kept (default: SQLite in the data directory).
    public var storage: StorageOption?
    /// This server's id among the servers sharing a database (`--instance-id`); generated and kept
    /// in the data directory when nil.
    public var instanceId: String?
    /// Labels stored with this server's sessions (`--label k=v`).
    public var labels: [String: String] = [:]
    /// Events of a session waiting to be stored at which its agent is paused
    /// (`--storage-buffer-max-events`).
    public var storageBufferMaxEvents = EventLog.defaultBufferLimit
    /// Payload bytes of a session waiting to be stored at which its agent is paused
    /// (`--storage-buffer-max-bytes`).
    public var storageBufferMaxBytes = EventLog.defaultBufferByteLimit
    /// Deadline for an agent's `initialize` and `session/new|load` answers.
    public var agentHandshakeTimeout: Duration = .seconds(30)
    /// How long installing a missing agent on first use may hold up the request that needs it
    /// (`--agent-install-timeout-ms`, `SANDBOX_AGENT_INSTALL_TIMEOUT_MS`).
    public var agentInstallTimeout: Duration = .seconds(60)
    /// How long a cancelled turn may take to end before it is reported `cancelled` anyway.
    public var agentCancelTimeout: Duration = .seconds(10)
    /// How long an agent's question waits for a human before it is cancelled (30 min).
    public var questionTimeout: Duration = .seconds(1800)
    /// Deadline of relayed ACP requests other than `session/prompt` (upstream's 120 s default).
    public var acpRequestTimeout: Duration = .seconds(120)
    /// Custom ACP agents (`{"agents": [{id, command, args, env}]}`); default `<data-dir>/agents.json`.
    public var agentsFile: String?
    /// Refuse sessions of agents that are not installed instead of installing them on first use
    /// (`SANDBOX_AGENT_REQUIRE_PREINSTALL`).
    public var requirePreinstall = false
    /// The per-request log line (level, headers); see `RequestLogSettings`.
    public var requestLog = RequestLogSettings()

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }

    /// `$XDG_DATA_HOME/sandbox-agent`, else `~/.local/share/sandbox-agent`: shared by the server and
    /// `install-agent`, so agents installed by one are found by the other.
    public static func defaultDataDirectory(environment: [String: String]) -> String {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/sandbox-agent" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/sandbox-agent"
    }

    /// Whether an environment flag such as `SANDBOX_AGENT_REQUIRE_PREINSTALL` is on (`1`, `true`, `yes`).
    public static func flag(_ name: String, in environment: [String: String]) -> Bool {
        ["1", "true", "yes", "on"].contains(environment[name]?.lowercased() ?? "")
    }

    /// The `Host` header check for this bind address and `allowedHosts`.
    public var hostPolicy: HostPolicy {
        HostPolicy(allowedNames: allowedHosts, allowsAnyNameWhenUnlisted: isNonLoopback)
    }

    /// True when `host` is reachable from other machines.
    public var isNonLoopback: Bool {
        !(host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127."))
    }
}
