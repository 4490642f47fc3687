/// Runs `body`, or throws `PostgresStoreError.query("timed out")` when it takes longer than
/// `deadline` (then `body` is cancelled: a connection lease waiting for a database that is down
/// gives up).
func withDeadline(_ deadline: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: deadline)
            throw PostgresStoreError.query("no answer from the database within \(deadline)")
        }
        defer { group.cancelAll() }
        try await group.next()
    }
}
