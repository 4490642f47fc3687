/// `POST /v1/fs/move` request.
public struct FsMoveRequest: Codable, Sendable, Equatable {
    public var from: String
    public var to: String
    /// Replace an existing destination (default false).
    public var overwrite: Bool?

    public init(from: String, to: String, overwrite: Bool? = nil) {
        self.from = from
        self.to = to
        self.overwrite = overwrite
    }
}

/// `POST /v1/fs/move` reply: both absolute paths.
public struct FsMoveResponse: Codable, Sendable, Equatable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}

/// `PUT /v1/fs/file` reply.
public struct FsWriteResponse: Codable, Sendable, Equatable {
    /// Absolute path written.
    public var path: String
    public var bytesWritten: UInt64

    public init(path: String, bytesWritten: UInt64) {
        self.path = path
        self.bytesWritten = bytesWritten
    }
}

/// Reply of `DELETE /v1/fs/entry` and `POST /v1/fs/mkdir`: the absolute path acted on.
public struct FsActionResponse: Codable, Sendable, Equatable {
    public var path: String

    public init(path: String) {
        self.path = path
    }
}
