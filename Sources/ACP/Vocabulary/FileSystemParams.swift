/// The params of `fs/read_text_file` (schema `ReadTextFileRequest`): the agent reads a file
/// through the client. Read by the session engine, written by the mock agent.
public struct ReadTextFileParams: Codable, Sendable, Equatable {
    public var sessionId: String
    /// An absolute path.
    public var path: String
    /// The first line to read, from 1.
    public var line: Int?
    /// How many lines to read at most.
    public var limit: Int?

    public init(sessionId: String, path: String, line: Int? = nil, limit: Int? = nil) {
        self.sessionId = sessionId
        self.path = path
        self.line = line
        self.limit = limit
    }
}

/// The result of `fs/read_text_file` (schema `ReadTextFileResponse`).
public struct ReadTextFileResult: Codable, Sendable, Equatable {
    public var content: String

    public init(content: String) {
        self.content = content
    }
}

/// The params of `fs/write_text_file` (schema `WriteTextFileRequest`): the agent writes a file
/// through the client (which answers `{}`).
public struct WriteTextFileParams: Codable, Sendable, Equatable {
    public var sessionId: String
    /// An absolute path.
    public var path: String
    public var content: String

    public init(sessionId: String, path: String, content: String) {
        self.sessionId = sessionId
        self.path = path
        self.content = content
    }
}
