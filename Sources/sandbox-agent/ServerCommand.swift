import AgentSessions
public import ArgumentParser
import DesktopRuntime
import Foundation
public import Logging
import SandboxAgentAPI
import SandboxAgentServer

/// `sandbox-agent server`: run the HTTP API until SIGINT/SIGTERM.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the HTTP server.",
        discussion: """
            Prints its base URL when listening, and the address of the Inspector, the web UI \
            (open it in a browser; with a token it asks for it, or take `/ui/?token=T`). Without a token anyone who can reach the port can run \
            commands, so bind to 127.0.0.1 (the default) or set --token when exposing it. Web pages \
            cannot use it either way: requests from origins CORS does not allow are refused, and \
            so are Host names that are not IP addresses, localhost or --allowed-host (see \
            docs/security.md). On SIGINT or SIGTERM it stops accepting requests, gives open \
            connections --shutdown-grace-ms to finish, stops every child process, and exits.

            Logs go to stderr. Environment (upstream's names): SANDBOX_AGENT_LOG_DIR=DIR logs to \
            DIR/sandbox-agent.log instead, rotated at 10 MiB keeping 5 files \
            (SANDBOX_AGENT_LOG_MAX_BYTES, SANDBOX_AGENT_LOG_MAX_FILES); SANDBOX_AGENT_LOG_STDOUT=1 \
            also logs to stderr then. One line per request at info level when logging to a file, \
            at debug level on stderr only; SANDBOX_AGENT_LOG_HTTP=0 turns it off, =1 makes it info \
            everywhere; SANDBOX_AGENT_LOG_HTTP_HEADERS=1 adds the request headers (Authorization, \
            Proxy-Authorization and Cookie redacted).
            """)

    @Option(name: [.customShort("H"), .long], help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .shortAndLong, help: "Port to listen on (0 picks a free one).")
    var port = 2468

    @Option(name: .shortAndLong, help: "Require 'Authorization: Bearer <token>' on every route but /, /openapi.json and /ui/ (default: $SANDBOX_AGENT_TOKEN).")
    var token: String?

    @Flag(name: .shortAndLong, help: "Disable auth even if SANDBOX_AGENT_TOKEN is set.")
    var noToken = false

    @Flag(help: "Accepted for compatibility with upstream's CLI: this server sends no telemetry, with or without it.")
    var noTelemetry = false

    @Option(name: [.customShort("O"), .long], help: "Allow this browser origin (repeatable; '*' for any). Default: none.")
    var corsAllowOrigin: [String] = []

    @Option(name: [.customShort("M"), .long], help: "Allow this method in CORS requests (repeatable). Default: any.")
    var corsAllowMethod: [String] = []

    @Option(name: [.customShort("A"), .long], help: "Allow this header in CORS requests (repeatable). Default: any.")
    var corsAllowHeader: [String] = []

    @Flag(name: [.customShort("C"), .long], help: "Allow credentials in CORS requests.")
    var corsAllowCredentials = false

    @Option(help: ArgumentHelp(
        "Answer requests for this host name too (repeatable; '.example.com' includes subdomains, '*' any; env SANDBOX_AGENT_ALLOWED_HOSTS, comma-separated).",
        discussion: "IP addresses, localhost and *.localhost are always answered. Without this option a server bound to a non-loopback address answers any name."))
    var allowedHost: [String] = []

    @Option(help: "Close a connection that sends nothing for this many milliseconds while a request (or the next one) is awaited.")
    var idleTimeoutMs = 75_000

    @Option(help: "On shutdown, how many milliseconds open connections (streams, WebSockets) may go on before they are closed.")
    var shutdownGraceMs = 3_000

    @Option(help: "Directory for the server's state (default: $XDG_DATA_HOME/sandbox-agent, else ~/.local/share/sandbox-agent).")
    var dataDir: String?

    @Option(help: "Confine every /v1/fs path to this directory (traversal and symlink escapes get 403).")
    var fsRoot: String?

    @Option(help: "Largest file upload in bytes (PUT /v1/fs/file, upload-batch).")
    var maxUploadBytes = 64 << 20

    @Option(help: "Largest JSON request body in bytes.")
    var maxJsonBytes = 1 << 20

    @Option(help: "Longest a desktop recording may run, in seconds; ffmpeg then finishes the file and the recording ends with endReason maxDuration (a start request may ask for less).")
    var recordingMaxSeconds = 3600

    @Option(help: "Largest a desktop recording's file may grow, in bytes; the recording then ends with endReason maxBytes (a start request may ask for less).")
    var recordingMaxBytes: Int64 = 2 << 30

    @Option(help: ArgumentHelp(
        "Where sessions are kept: 'memory', 'sqlite:PATH' or 'postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE' (env SANDBOX_AGENT_STORAGE; default sqlite:<data-dir>/sessions.sqlite).",
        discussion: "PostgreSQL is shared by many servers: its schema is migrated at start (see `sandbox-agent storage migrate`); sslmode is disable, prefer (default), require, verify-ca or verify-full, as for libpq."))
    var storage: String?

    @Option(help: "This server's id among servers sharing a database (env SANDBOX_AGENT_INSTANCE_ID; default: generated once, kept in <data-dir>/instance-id).")
    var instanceId: String?

    @Option(help: "A label stored with this server's sessions, KEY=VALUE (repeatable; e.g. sandbox=sb-42, tenant=acme).")
    var label: [String] = []

    @Option(help: ArgumentHelp(
        "Events of a session held in memory while the store cannot take them (a database outage) before its agent is paused (env SANDBOX_AGENT_STORAGE_BUFFER_MAX_EVENTS; default 100000).",
        discussion: "A paused agent's output is not read, so it blocks on it; reading resumes when half of the held events are stored. Nothing is dropped."))
    var storageBufferMaxEvents: Int?

    @Option(help: ArgumentHelp(
        "Bytes of a session's events (their JSON payloads) held in memory while the store cannot take them before its agent is paused (env SANDBOX_AGENT_STORAGE_BUFFER_MAX_BYTES; default 268435456, 256 MiB).",
        discussion: "The bound next to --storage-buffer-max-events, for agents whose events are large; whichever is reached first pauses the agent, which resumes when no more than half of each is held."))
    var storageBufferMaxBytes: Int?

    @Option(help: "JSON file declaring custom ACP agents (default: <data-dir>/agents.json).")
    var agentsFile: String?

    @Flag(help: "Refuse sessions of agents that are not installed instead of installing them on first use (env SANDBOX_AGENT_REQUIRE_PREINSTALL=1).")
    var requirePreinstall = false

    @Option(help: "Milliseconds an agent may take to answer initialize and session/new (env SANDBOX_AGENT_AGENT_HANDSHAKE_TIMEOUT_MS).")
    var agentHandshakeTimeoutMs: Int?

    @Option(help: "Milliseconds installing a missing agent on first use may take before the request fails with 502 (env SANDBOX_AGENT_INSTALL_TIMEOUT_MS; default 60000).")
    var agentInstallTimeoutMs: Int?

    @Option(help: "Milliseconds a cancelled turn may take to end before it is reported cancelled anyway.")
    var agentCancelTimeoutMs = 10_000

    @Option(help: "Milliseconds an agent's question waits for an answer before it is cancelled (env SANDBOX_AGENT_QUESTION_TIMEOUT_MS; default 30 minutes).")
    var questionTimeoutMs: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        _ = try RootTokenFlags.current.merged(token: token, noToken: noToken)
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if maxUploadBytes <= 0 || maxJsonBytes <= 0 { throw ValidationError("size limits must be positive") }
        if recordingMaxSeconds <= 0 || recordingMaxBytes <= 0 { throw ValidationError("--recording-max-seconds and --recording-max-bytes must be positive") }
        if idleTimeoutMs <= 0 { throw ValidationError("--idle-timeout-ms must be positive") }
        if shutdownGraceMs < 0 { throw ValidationError("--shutdown-grace-ms must not be negative") }
        if let limit = storageBufferMaxEvents, limit < 1 { throw ValidationError("--storage-buffer-max-events must be at least 1") }
        if let limit = storageBufferMaxBytes, limit < 1 { throw ValidationError("--storage-buffer-max-bytes must be at least 1") }
        do {
            _ = try StorageOption.argument(storage, environment: Foundation.ProcessInfo.processInfo.environment)
            _ = try InstanceIdentity.labels(label)
            if let id = instanceId ?? Foundation.ProcessInfo.processInfo.environment["SANDBOX_AGENT_INSTANCE_ID"] {
                _ = try InstanceIdentity(id: id)
            }
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        let environment = Foundation.ProcessInfo.processInfo.environment
        let logFile = try Self.bootstrapLogging(level: logLevel, environment: environment)
        let logger = Logger(label: "sandbox-agent")
        var configuration = ServerConfiguration(
            dataDirectory: dataDir ?? ServerConfiguration.defaultDataDirectory(environment: environment))
        configuration.host = host
        configuration.port = port
        let tokenFlags = try RootTokenFlags.current.merged(token: token, noToken: noToken)
        configuration.token = tokenFlags.noToken ? nil : (tokenFlags.token ?? environment["SANDBOX_AGENT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
        configuration.requestLog = Self.requestLogSettings(toFile: logFile != nil, environment: environment)
        configuration.cors = CORSPolicy(
            allowedOrigins: corsAllowOrigin, allowedMethods: corsAllowMethod.isEmpty ? nil : corsAllowMethod,
            allowedHeaders: corsAllowHeader.isEmpty ? nil : corsAllowHeader, allowCredentials: corsAllowCredentials)
        configuration.allowedHosts = allowedHost + (environment["SANDBOX_AGENT_ALLOWED_HOSTS"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        configuration.connectionLimits.idleTimeout = .milliseconds(idleTimeoutMs)
        configuration.connectionLimits.shutdownGracePeriod = .milliseconds(shutdownGraceMs)
        configuration.fsRoot = fsRoot.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        configuration.maxUploadBytes = maxUploadBytes
        configuration.maxJSONBodyBytes = maxJsonBytes
        configuration.recordingLimits = DesktopRecordingLimits(maxDurationSeconds: recordingMaxSeconds, maxBytes: recordingMaxBytes)
        configuration.storage = try StorageOption.argument(storage, environment: environment)
        configuration.instanceId = instanceId ?? environment["SANDBOX_AGENT_INSTANCE_ID"].flatMap { $0.isEmpty ? nil : $0 }
        configuration.labels = try InstanceIdentity.labels(label)
        if let limit = storageBufferMaxEvents ?? environment["SANDBOX_AGENT_STORAGE_BUFFER_MAX_EVENTS"].flatMap(Int.init), limit > 0 {
            configuration.storageBufferMaxEvents = limit
        }
        if let limit = storageBufferMaxBytes ?? environment["SANDBOX_AGENT_STORAGE_BUFFER_MAX_BYTES"].flatMap(Int.init), limit > 0 {
            configuration.storageBufferMaxBytes = limit
        }
        configuration.agentsFile = agentsFile
        configuration.requirePreinstall = requirePreinstall || ServerConfiguration.flag("SANDBOX_AGENT_REQUIRE_PREINSTALL", in: environment)
        configuration.agentCancelTimeout = .milliseconds(max(1, agentCancelTimeoutMs))
        if let timeout = environment["SANDBOX_AGENT_ACP_REQUEST_TIMEOUT_MS"].flatMap(Int.init), timeout > 0 {
            configuration.acpRequestTimeout = .milliseconds(timeout)
        }
        if let timeout = agentHandshakeTimeoutMs ?? environment["SANDBOX_AGENT_AGENT_HANDSHAKE_TIMEOUT_MS"].flatMap(Int.init), timeout > 0 {
            configuration.agentHandshakeTimeout = .milliseconds(timeout)
        }
        if let timeout = agentInstallTimeoutMs ?? environment["SANDBOX_AGENT_INSTALL_TIMEOUT_MS"].flatMap(Int.init), timeout > 0 {
            configuration.agentInstallTimeout = .milliseconds(timeout)
        }
        if let timeout = questionTimeoutMs ?? environment["SANDBOX_AGENT_QUESTION_TIMEOUT_MS"].flatMap(Int.init), timeout > 0 {
            configuration.questionTimeout = .milliseconds(timeout)
        }
        if configuration.token == nil && configuration.isNonLoopback {
            logger.warning("listening on \(host) without a token: anyone who reaches this port can run commands; pass --token")
        }
        if let logFile { logger.info("logging to \(logFile.path)") }
        try await SandboxAgentServer(configuration: configuration, logger: logger).run { url in
            print("sandbox-agent \(SandboxAgentVersion.current) listening on \(url)")
            print("Inspector: \(url)/ui/")
            fflush(nil)
        }
    }
}

extension ServerCommand {
    /// Logs to stderr, or with SANDBOX_AGENT_LOG_DIR to `<dir>/sandbox-agent.log` (rotated; also to
    /// stderr with SANDBOX_AGENT_LOG_STDOUT=1). Returns the log file, if any.
    static func bootstrapLogging(level: Logger.Level, environment: [String: String]) throws -> RotatingLogFile? {
        let file = try environment["SANDBOX_AGENT_LOG_DIR"].flatMap { $0.isEmpty ? nil : $0 }.map { directory in
            try RotatingLogFile(
                directory: directory,
                maxBytes: environment["SANDBOX_AGENT_LOG_MAX_BYTES"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 10 << 20,
                maxFiles: environment["SANDBOX_AGENT_LOG_MAX_FILES"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? 5)
        }
        let alsoStderr = file == nil || ServerConfiguration.flag("SANDBOX_AGENT_LOG_STDOUT", in: environment)
        LoggingSystem.bootstrap { label in
            var handlers: [any LogHandler] = []
            if let file { handlers.append(FileLogHandler(label: label, file: file, logLevel: level)) }
            if alsoStderr {
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                handlers.append(handler)
            }
            return handlers.count == 1 ? handlers[0] : MultiplexLogHandler(handlers)
        }
        return file
    }

    /// SANDBOX_AGENT_LOG_HTTP=0 (or false/no/off): no request lines; =1: at info level; unset: at
    /// info level in a log file (upstream logs requests by default, to its files), at debug on
    /// stderr only (so a console is not flooded). SANDBOX_AGENT_LOG_HTTP_HEADERS=1 adds headers.
    static func requestLogSettings(toFile: Bool, environment: [String: String]) -> RequestLogSettings {
        let setting = environment["SANDBOX_AGENT_LOG_HTTP"]?.lowercased()
        let level: Logger.Level?
        switch setting {
        case "0", "false", "no", "off": level = nil
        case "1", "true", "yes", "on": level = .info
        default: level = toFile ? .info : .debug
        }
        return RequestLogSettings(level: level, includeHeaders: ServerConfiguration.flag("SANDBOX_AGENT_LOG_HTTP_HEADERS", in: environment))
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
