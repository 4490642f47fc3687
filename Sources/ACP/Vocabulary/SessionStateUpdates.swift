/// The agent's whole plan (schema `Plan`, update kind `plan`); each update replaces the last.
public struct Plan: SessionUpdatePayload, Equatable {
    public static var kind: SessionUpdateKind { .plan }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// One step (schema `PlanEntry`).
    public struct Entry: Codable, Sendable, Equatable {
        public var content: String
        /// `high`, `medium` or `low`.
        public var priority: String
        /// `pending`, `in_progress` or `completed`.
        public var status: String

        public init(content: String, priority: String, status: String) {
            self.content = content
            self.priority = priority
            self.status = status
        }
    }
}

/// The slash commands the agent offers (update kind `available_commands_update`).
public struct AvailableCommandsUpdate: SessionUpdatePayload, Equatable {
    public static var kind: SessionUpdateKind { .availableCommandsUpdate }

    /// `AvailableCommand`s (`name`, `description`, `input?`), passed through.
    public var availableCommands: JSONValue

    public init(availableCommands: JSONValue) {
        self.availableCommands = availableCommands
    }
}

/// The session's mode changed (update kind `current_mode_update`).
public struct CurrentModeUpdate: SessionUpdatePayload, Equatable {
    public static var kind: SessionUpdateKind { .currentModeUpdate }

    public var currentModeId: String

    public init(currentModeId: String) {
        self.currentModeId = currentModeId
    }
}

/// The session's config options changed (update kind `config_option_update`).
public struct ConfigOptionUpdate: SessionUpdatePayload, Equatable {
    public static var kind: SessionUpdateKind { .configOptionUpdate }

    /// The complete list of `SessionConfigOption`s, passed through.
    public var configOptions: JSONValue

    public init(configOptions: JSONValue) {
        self.configOptions = configOptions
    }
}

/// The session's metadata changed (update kind `session_info_update`).
public struct SessionInfoUpdate: SessionUpdatePayload, Equatable {
    public static var kind: SessionUpdateKind { .sessionInfoUpdate }

    public var title: String?
    /// ISO 8601.
    public var updatedAt: String?

    public init(title: String? = nil, updatedAt: String? = nil) {
        self.title = title
        self.updatedAt = updatedAt
    }
}

/// The context in use and its cost so far (update kind `usage_update`).
public struct UsageUpdate: SessionUpdatePayload, Equatable {
    public static var kind: SessionUpdateKind { .usageUpdate }

    /// Tokens in the context now.
    public var used: Int64
    /// The context window, in tokens.
    public var size: Int64
    /// The session's cumulative cost, when the agent knows it.
    public var cost: Cost?

    public init(used: Int64, size: Int64, cost: Cost? = nil) {
        self.used = used
        self.size = size
        self.cost = cost
    }

    /// An amount of money (schema `Cost`).
    public struct Cost: Codable, Sendable, Equatable {
        public var amount: Double
        /// ISO 4217, such as `USD`.
        public var currency: String

        public init(amount: Double, currency: String) {
            self.amount = amount
            self.currency = currency
        }
    }
}
