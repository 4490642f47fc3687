import ArgumentParser
import Foundation
import Logging
import SandboxAgentServer
import SessionStore
#if Postgres
import SessionStorePostgres
#endif

/// `sandbox-agent storage`: the session database.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Manage the session database.",
        subcommands: [StorageMigrateCommand.self, StoragePruneCommand.self])
}

/// `sandbox-agent storage migrate`: brings the session database's schema to this build's version.
struct StorageMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the session database's schema migrations, then exit.",
        discussion: """
            The server applies them at start too; run this first to migrate a shared PostgreSQL \
            database once, before a fleet of servers starts on it. Migrations are versioned and \
            applied once (table sandbox_agent_schema), in one transaction under a lock, so \
            servers starting together are safe. A database whose schema is newer than this build \
            is refused. Prints the schema version.
            """)

    @Option(help: "'sqlite:PATH' or 'postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE' (env SANDBOX_AGENT_STORAGE; default sqlite:<data-dir>/sessions.sqlite).")
    var storage: String?

    @Option(help: "Directory for the server's state, for the default SQLite file (as for `server`).")
    var dataDir: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let option: StorageOption?
        do { option = try StorageOption.argument(storage, environment: environment) } catch { throw ValidationError(error.message) }
        let dataDirectory = dataDir ?? ServerConfiguration.defaultDataDirectory(environment: environment)
        let logger = Logger(label: "sandbox-agent.storage")
        switch option ?? .sqlite(path: dataDirectory + "/sessions.sqlite") {
        case .memory:
            throw ValidationError("memory storage has no schema to migrate")
        case .sqlite(let path):
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = try SQLiteSessionStore(path: path)
            print("SQLite schema up to date: \(path)")
        #if Postgres
        case .postgres(let url):
            let applied = try await PostgresSessionStore.withConnection(url, logger: logger) { connection in
                try await PostgresMigrations.migrate(connection, logger: logger)
            }
            let versions = applied.isEmpty ? "nothing to apply" : "applied " + applied.map(String.init).joined(separator: ", ")
            print("PostgreSQL schema at version \(PostgresMigrations.latest) (\(versions)): \(url.redacted)")
        #endif
        }
    }
}
