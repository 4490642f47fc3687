import Foundation

/// One MCP server of a directory's `mcp.json`, as upstream's `McpServerConfig` (discriminator `type`):
/// a local (stdio) server the agent starts, or a remote one it connects to.
public enum McpServerConfig: Codable, Sendable, Equatable {
    case local(LocalMcpServer)
    case remote(RemoteMcpServer)

    /// Whether the server is given to agents (`enabled` defaults to true).
    public var isEnabled: Bool {
        switch self {
        case .local(let server): server.enabled ?? true
        case .remote(let server): server.enabled ?? true
        }
    }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "local", "stdio":
            self = .local(try LocalMcpServer(from: decoder))
        case "remote":
            self = .remote(try RemoteMcpServer(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "must be local (alias stdio) or remote, got '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .local(let server): try server.encode(to: encoder)
        case .remote(let server): try server.encode(to: encoder)
        }
    }
}

/// A stdio MCP server: `command` (a string, or an array whose first item is the program) and `args`.
public struct LocalMcpServer: Codable, Sendable, Equatable {
    /// `local`, or its alias `stdio`, as given.
    public var type: String
    public var command: McpCommand
    public var args: [String]?
    public var env: [String: String]?
    /// Directory the server runs in (absolute).
    public var cwd: String?
    public var enabled: Bool?
    /// Stored and returned; the agents' MCP configuration has no per-server timeout to put it in.
    public var timeoutMs: UInt64?

    public init(
        type: String = "local", command: McpCommand, args: [String]? = nil, env: [String: String]? = nil, cwd: String? = nil,
        enabled: Bool? = nil, timeoutMs: UInt64? = nil
    ) {
        self.type = type
        self.command = command
        self.args = args
        self.env = env
        self.cwd = cwd
        self.enabled = enabled
        self.timeoutMs = timeoutMs
    }

    private enum CodingKeys: String, CodingKey { case type, command, args, env, cwd, enabled, timeoutMs }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        command = try container.decode(McpCommand.self, forKey: .command)
        args = try container.decodeIfPresent([String].self, forKey: .args)
        env = try container.decodeIfPresent([String: String].self, forKey: .env)
        cwd = try container.decodeIfPresent(String.self, forKey: .cwd)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
        timeoutMs = try container.decodeIfPresent(UInt64.self, forKey: .timeoutMs)
        if command.program.isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .command, in: container, debugDescription: "must name a program")
        }
        if let cwd, !cwd.hasPrefix("/") {
            throw DecodingError.dataCorruptedError(forKey: .cwd, in: container, debugDescription: "must be an absolute path, got '\(cwd)'")
        }
    }
}

/// `command` of a local server: one string, or the program followed by its first arguments.
public enum McpCommand: Codable, Sendable, Equatable {
    case string(String)
    case list([String])

    /// The program to run.
    public var program: String {
        switch self {
        case .string(let command): command
        case .list(let items): items.first ?? ""
        }
    }

    /// Arguments that come with the command itself (the array form's tail).
    public var leadingArguments: [String] {
        if case .list(let items) = self { return Array(items.dropFirst()) }
        return []
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let command = try? container.decode(String.self) {
            self = .string(command)
        } else if let items = try? container.decode([String].self) {
            self = .list(items)
        } else {
            throw DecodingError.typeMismatch(
                String.self, .init(codingPath: decoder.codingPath, debugDescription: "a string or an array of strings"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let command): try container.encode(command)
        case .list(let items): try container.encode(items)
        }
    }
}

/// A remote MCP server over streamable HTTP (`transport` `http`, the default) or SSE.
public struct RemoteMcpServer: Codable, Sendable, Equatable {
    public var type: String
    public var url: String
    public var transport: String?
    public var headers: [String: String]?
    /// Environment variable (of the server, or the session's `env`) whose value is sent as `Authorization: Bearer …`.
    public var bearerTokenEnvVar: String?
    /// Header name → environment variable whose value is sent in it.
    public var envHeaders: [String: String]?
    /// Stored and returned; agents are not given OAuth settings.
    public var oauth: McpOAuth?
    public var enabled: Bool?
    public var timeoutMs: UInt64?

    public init(url: String, transport: String? = nil, headers: [String: String]? = nil) {
        self.type = "remote"
        self.url = url
        self.transport = transport
        self.headers = headers
    }

    private enum CodingKeys: String, CodingKey { case type, url, transport, headers, bearerTokenEnvVar, envHeaders, oauth, enabled, timeoutMs }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        url = try container.decode(String.self, forKey: .url)
        transport = try container.decodeIfPresent(String.self, forKey: .transport)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers)
        bearerTokenEnvVar = try container.decodeIfPresent(String.self, forKey: .bearerTokenEnvVar)
        envHeaders = try container.decodeIfPresent([String: String].self, forKey: .envHeaders)
        oauth = try container.decodeIfPresent(McpOAuth.self, forKey: .oauth)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
        timeoutMs = try container.decodeIfPresent(UInt64.self, forKey: .timeoutMs)
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme), parsed.host != nil else {
            throw DecodingError.dataCorruptedError(forKey: .url, in: container, debugDescription: "must be an http:// or https:// URL, got '\(url)'")
        }
        if let transport, !["http", "sse"].contains(transport) {
            throw DecodingError.dataCorruptedError(forKey: .transport, in: container, debugDescription: "must be http or sse, got '\(transport)'")
        }
    }
}

/// `oauth` of a remote server: settings, or `false` to turn OAuth off.
public enum McpOAuth: Codable, Sendable, Equatable {
    case disabled
    case settings(clientId: String?, clientSecret: String?, scope: String?)

    private enum CodingKeys: String, CodingKey { case clientId, clientSecret, scope }

    public init(from decoder: any Decoder) throws {
        if let flag = try? decoder.singleValueContainer().decode(Bool.self) {
            guard !flag else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "must be false or an object"))
            }
            self = .disabled
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self = .settings(
            clientId: try container.decodeIfPresent(String.self, forKey: .clientId),
            clientSecret: try container.decodeIfPresent(String.self, forKey: .clientSecret),
            scope: try container.decodeIfPresent(String.self, forKey: .scope))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .disabled:
            var container = encoder.singleValueContainer()
            try container.encode(false)
        case .settings(let clientId, let clientSecret, let scope):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(clientId, forKey: .clientId)
            try container.encodeIfPresent(clientSecret, forKey: .clientSecret)
            try container.encodeIfPresent(scope, forKey: .scope)
        }
    }
}
