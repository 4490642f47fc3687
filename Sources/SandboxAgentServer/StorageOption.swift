public import Logging
public import SessionStore
#if Postgres
public import SessionStorePostgres
#endif

/// Where sessions are kept: `memory`, `sqlite:PATH`, or a PostgreSQL URL (`--storage`,
/// `SANDBOX_AGENT_STORAGE`). PostgreSQL only in a build with the `Postgres` package trait (the default).
public enum StorageOption: Sendable, Equatable {
    case memory
    case sqlite(path: String)
    #if Postgres
    case postgres(PostgresURL)
    #endif

    /// Parses the `--storage` argument; the error says what is wrong with it.
    public init(argument: String) throws(StorageOptionError) {
        if argument == "memory" {
            self = .memory
        } else if argument.hasPrefix("sqlite:"), argument.count > 7 {
            self = .sqlite(path: String(argument.dropFirst(7)))
        } else if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
            #if Postgres
            do { self = .postgres(try PostgresURL(argument)) } catch { throw StorageOptionError(message: error.description) }
            #else
            throw StorageOptionError(message: Self.withoutPostgres)
            #endif
        } else {
            throw StorageOptionError(message: "--storage must be 'memory', 'sqlite:PATH' or 'postgres://USER:PASSWORD@HOST:PORT/DATABASE', got '\(argument)'")
        }
    }

    /// The `--storage` argument, else `SANDBOX_AGENT_STORAGE`, parsed; nil when neither is set.
    public static func argument(_ argument: String?, environment: [String: String]) throws(StorageOptionError) -> StorageOption? {
        guard let text = argument ?? environment["SANDBOX_AGENT_STORAGE"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        return try StorageOption(argument: text)
    }

    /// Opens the store, migrating its schema; `SQLite` in `dataDirectory` when `option` is nil.
    public static func open(_ option: StorageOption?, dataDirectory: String, logger: Logger) async throws -> any SessionStore {
        switch option ?? .sqlite(path: dataDirectory + "/sessions.sqlite") {
        case .memory: return MemorySessionStore()
        case .sqlite(let path): return try SQLiteSessionStore(path: path)
        #if Postgres
        case .postgres(let url): return try await PostgresSessionStore.open(url: url, logger: logger)
        #endif
        }
    }

    /// What a build without the `Postgres` trait answers to a `postgres://` store.
    public static let withoutPostgres = """
        this sandbox-agent was built without PostgreSQL (swift build --disable-default-traits): \
        --storage takes 'memory' or 'sqlite:PATH' here; for postgres://… use a release binary or \
        a default build (swift build -c release, which enables the Postgres trait)
        """
}

/// A `--storage` argument that is not understood.
public struct StorageOptionError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
