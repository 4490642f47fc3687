public import ACP

/// Body of `POST /v1/sessions` (`SessionCreateRequest`).
public struct SessionCreateRequest: Codable, Sendable, Equatable {
    /// Agent id (a built-in agent or one declared in the agents file).
    public var agent: String
    /// Session id to use; default a generated `sess_…` id.
    public var id: String?
    /// Working directory of the agent; default the server's.
    public var cwd: String?
    /// ACP MCP servers passed to `session/new`.
    public var mcpServers: JSONValue?
    /// Mode applied with `session/set_mode` after creation.
    public var mode: String?
    /// Model applied as the `model` config option after creation.
    public var model: String?
    /// Environment of the agent process, merged over the agent definition's; never returned.
    public var env: [String: String]?
    /// Start the desktop and give the agent its MCP server.
    public var desktop: SessionDesktopRequest?

    public init(
        agent: String, id: String? = nil, cwd: String? = nil, mcpServers: JSONValue? = nil, mode: String? = nil,
        model: String? = nil, env: [String: String]? = nil, desktop: SessionDesktopRequest? = nil
    ) {
        self.agent = agent
        self.id = id
        self.cwd = cwd
        self.mcpServers = mcpServers
        self.mode = mode
        self.model = model
        self.env = env
        self.desktop = desktop
    }
}

/// The `desktop` of a session: `true` (the desktop's defaults) or `{width, height, dpi, displayNum,
/// record}` (its size and place, and whether to record the session's desktop).
public struct SessionDesktopRequest: Codable, Sendable, Equatable {
    public var width: Int?
    public var height: Int?
    public var dpi: Int?
    public var displayNum: Int?
    /// Record the desktop while the session has it (or name the recording already running).
    public var record: Bool?

    public init(width: Int? = nil, height: Int? = nil, dpi: Int? = nil, displayNum: Int? = nil, record: Bool? = nil) {
        self.width = width
        self.height = height
        self.dpi = dpi
        self.displayNum = displayNum
        self.record = record
    }

    /// Why a `desktop` value is not one: the rule it breaks, as a value (the server answers it as a
    /// desktop `invalid_action` on the field `desktop`).
    public struct Invalid: Error, Sendable, Equatable {
        public var rule: String
    }

    private enum CodingKeys: String, CodingKey { case width, height, dpi, displayNum, record }

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let enabled = try? single.decode(Bool.self) {
            guard enabled else { throw Invalid(rule: "must be true or an object; leave it out for no desktop") }
            self.init()
            return
        }
        guard let container = try? decoder.container(keyedBy: CodingKeys.self),
            let size = try? Self(
                width: container.decodeIfPresent(Int.self, forKey: .width),
                height: container.decodeIfPresent(Int.self, forKey: .height),
                dpi: container.decodeIfPresent(Int.self, forKey: .dpi),
                displayNum: container.decodeIfPresent(Int.self, forKey: .displayNum),
                record: container.decodeIfPresent(Bool.self, forKey: .record))
        else { throw Invalid(rule: "must be true or {width, height, dpi, displayNum, record}") }
        self = size
    }

    /// `true` when every field is left to the desktop, the object otherwise.
    public func encode(to encoder: any Encoder) throws {
        guard self != Self() else {
            var single = encoder.singleValueContainer()
            try single.encode(true)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(width, forKey: .width)
        try container.encodeIfPresent(height, forKey: .height)
        try container.encodeIfPresent(dpi, forKey: .dpi)
        try container.encodeIfPresent(displayNum, forKey: .displayNum)
        try container.encodeIfPresent(record, forKey: .record)
    }
}
