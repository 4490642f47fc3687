/// The params of `_sandboxagent/storage/paused` (``SandboxAgentMethod/storagePaused``): events
/// waiting to be stored reached the buffer's limit, so the agent's output is not read until half
/// of them are stored.
public struct StoragePausedParams: Codable, Sendable, Equatable {
    /// The limit on waiting events.
    public var limit: Int
    /// The limit on the waiting events' bytes.
    public var limitBytes: Int
    /// Which limit was reached: `events` or `bytes`.
    public var bound: String
    public var message: String

    public init(limit: Int, limitBytes: Int, bound: String, message: String) {
        self.limit = limit
        self.limitBytes = limitBytes
        self.bound = bound
        self.message = message
    }
}

/// The params of `_sandboxagent/storage/resumed` (``SandboxAgentMethod/storageResumed``): the
/// agent's output is read again after a pause.
public struct StorageResumedParams: Codable, Sendable, Equatable {
    /// How long the agent was paused.
    public var pausedMs: Int

    public init(pausedMs: Int) {
        self.pausedMs = pausedMs
    }
}

/// The params of `_sandboxagent/storage/degraded` (``SandboxAgentMethod/storageDegraded``): the
/// session store cannot be reached; events are kept in memory and stored in order once it is back.
public struct StorageDegradedParams: Codable, Sendable, Equatable {
    /// The store's error.
    public var reason: String
    public var message: String

    public init(reason: String, message: String) {
        self.reason = reason
        self.message = message
    }
}

/// The params of `_sandboxagent/storage/recovered` (``SandboxAgentMethod/storageRecovered``): the
/// store is back and the events buffered meanwhile are stored.
public struct StorageRecoveredParams: Codable, Sendable, Equatable {
    /// How long the store could not be reached.
    public var outageMs: Int
    /// How many events were waiting when it came back.
    public var bufferedEvents: Int

    public init(outageMs: Int, bufferedEvents: Int) {
        self.outageMs = outageMs
        self.bufferedEvents = bufferedEvents
    }
}
