import ArgumentParser
import Foundation
import Logging
import SandboxAgentServer
#if Postgres
import SessionStorePostgres
#endif

/// `sandbox-agent storage prune`: deletes old ended sessions and their transcripts from a shared
/// PostgreSQL database.
struct StoragePruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete the sessions that ended longer ago than --older-than, with their transcripts (PostgreSQL).",
        discussion: """
            Retention for a shared database: run it from a control plane or a cron job. Only \
            sessions whose status is ended are deleted (with every event of theirs), in one \
            statement; running sessions and their events are never touched. Prints how many \
            sessions and events were deleted.
            """)

    @Option(help: "'postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE' (env SANDBOX_AGENT_STORAGE).")
    var storage: String?

    @Option(help: "Age of the end of a session past which it is deleted: a number and a unit, d, h, m or s (e.g. 30d).")
    var olderThan: String

    func validate() throws {
        if Self.milliseconds(olderThan) == nil { throw ValidationError("--older-than must be a number and a unit, d, h, m or s (e.g. 30d), got '\(olderThan)'") }
    }

    func run() async throws {
        #if Postgres
        let option: StorageOption?
        do { option = try StorageOption.argument(storage, environment: ProcessInfo.processInfo.environment) } catch { throw ValidationError(error.message) }
        guard case .postgres(let url)? = option else { throw ValidationError("prune works on a PostgreSQL store: pass --storage postgres://…") }
        let cutoff = Int64((Date().timeIntervalSince1970 * 1000).rounded()) - Self.milliseconds(olderThan)!
        let logger = Logger(label: "sandbox-agent.storage")
        let pruned = try await PostgresSessionStore.withConnection(url, logger: logger) { connection in
            try await PostgresRetention.prune(connection, endedBefore: cutoff, logger: logger)
        }
        print("deleted \(pruned.sessions) session(s) and \(pruned.events) event(s) that ended more than \(olderThan) ago: \(url.redacted)")
        #else
        throw ValidationError(StorageOption.withoutPostgres)
        #endif
    }

    /// `30d`, `12h`, `90m`, `45s` in milliseconds; nil when malformed.
    static func milliseconds(_ text: String) -> Int64? {
        guard let unit = text.last, let value = Int64(text.dropLast()), value >= 0 else { return nil }
        let scale: Int64? = ["d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1_000][unit]
        guard let scale, value <= Int64.max / scale else { return nil }
        return value * scale
    }
}
