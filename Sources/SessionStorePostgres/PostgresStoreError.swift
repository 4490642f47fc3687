import PostgresNIO

/// Why the PostgreSQL store could not do something, in words fit for a log line or a CLI error
/// (never the password; PostgresNIO's own errors hide their details behind `String(reflecting:)`).
public enum PostgresStoreError: Error, CustomStringConvertible, Sendable {
    /// The `--storage` URL is malformed.
    case badURL(String)
    /// The database could not be reached or refused the connection.
    case unreachable(String, reason: String)
    /// The database's schema is newer than this build knows.
    case schemaTooNew(found: Int, known: Int)
    /// A statement failed.
    case query(String)

    public var description: String {
        switch self {
        case .badURL(let message): return "bad PostgreSQL URL: \(message)"
        case .unreachable(let url, let reason): return "cannot connect to PostgreSQL at \(url): \(reason)"
        case .schemaTooNew(let found, let known):
            return "the database's sandbox-agent schema is version \(found), newer than this build's \(known): upgrade sandbox-agent"
        case .query(let message): return "PostgreSQL: \(message)"
        }
    }

    /// The readable part of a PostgresNIO error: the server's message, or the connection failure.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
