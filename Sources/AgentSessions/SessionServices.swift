public import FileSystem
public import Logging
public import ProcessRuntime
import SandboxAgentAPI
public import SessionStore

/// What sessions use from the rest of the server.
public struct SessionServices: Sendable {
    public var processes: ProcessManager
    /// Serves the agents' `fs/*` requests, under the same `--fs-root` policy as the files API.
    public var files: FileSystemService
    public var store: any SessionStore
    public var logger: Logger
    /// This server's id and labels, stored with its sessions.
    public var instance: InstanceIdentity
    /// Whether transcripts reach the store (`/v1/health`).
    public let storeHealth = StoreHealth()
    /// Deadline for `initialize` and `session/new|load`.
    public var handshakeTimeout: Duration
    /// How long a cancelled turn may take to end before it is reported `cancelled` anyway.
    public var cancelTimeout: Duration
    /// How long a question waits for a human before it is cancelled.
    public var questionTimeout: Duration
    /// Events of a session waiting to be stored at which its agent is paused (`EventLog`).
    public var eventBufferLimit = EventLog.defaultBufferLimit
    /// Payload bytes of a session waiting to be stored at which its agent is paused (`EventLog`).
    public var eventBufferByteLimit = EventLog.defaultBufferByteLimit

    public init(
        processes: ProcessManager, files: FileSystemService, store: any SessionStore, logger: Logger,
        instance: InstanceIdentity = InstanceIdentity.local, handshakeTimeout: Duration = .seconds(30), cancelTimeout: Duration = .seconds(10), questionTimeout: Duration = .seconds(1800)
    ) {
        self.processes = processes
        self.files = files
        self.store = store
        self.logger = logger
        self.instance = instance
        self.handshakeTimeout = handshakeTimeout
        self.cancelTimeout = cancelTimeout
        self.questionTimeout = questionTimeout
    }
}
