/// The params of `initialize` (schema `InitializeRequest`): the newest protocol version the
/// client speaks, what it serves, and who it is.
public struct InitializeParams: Codable, Sendable, Equatable {
    /// The protocol's MAJOR version (1).
    public var protocolVersion: Int
    public var clientCapabilities: ClientCapabilities?
    public var clientInfo: ImplementationInfo?

    public init(protocolVersion: Int, clientCapabilities: ClientCapabilities? = nil, clientInfo: ImplementationInfo? = nil) {
        self.protocolVersion = protocolVersion
        self.clientCapabilities = clientCapabilities
        self.clientInfo = clientInfo
    }
}

/// What a client serves (schema `ClientCapabilities`); an omitted capability is unsupported.
public struct ClientCapabilities: Codable, Sendable, Equatable {
    /// `fs/read_text_file` and `fs/write_text_file`.
    public var fs: FileSystemCapability?
    /// All five `terminal/*` methods.
    public var terminal: Bool?
    /// `elicitation/create` in `form` and/or `url` mode (`{}` = supported).
    public var elicitation: ElicitationCapabilities?

    public init(fs: FileSystemCapability? = nil, terminal: Bool? = nil, elicitation: ElicitationCapabilities? = nil) {
        self.fs = fs
        self.terminal = terminal
        self.elicitation = elicitation
    }
}

/// The client's `fs/*` methods (schema `FileSystemCapability`).
public struct FileSystemCapability: Codable, Sendable, Equatable {
    public var readTextFile: Bool?
    public var writeTextFile: Bool?

    public init(readTextFile: Bool? = nil, writeTextFile: Bool? = nil) {
        self.readTextFile = readTextFile
        self.writeTextFile = writeTextFile
    }
}

/// The elicitation modes a client serves: each an object (`{}` = supported) or absent.
public struct ElicitationCapabilities: Codable, Sendable, Equatable {
    public var form: JSONValue?
    public var url: JSONValue?

    public init(form: JSONValue? = nil, url: JSONValue? = nil) {
        self.form = form
        self.url = url
    }
}

/// A peer's name and version (schema `Implementation`: `clientInfo`, `agentInfo`).
public struct ImplementationInfo: Codable, Sendable, Equatable {
    public var name: String
    public var title: String?
    public var version: String

    public init(name: String, title: String? = nil, version: String) {
        self.name = name
        self.title = title
        self.version = version
    }
}
