public import Foundation

/// Runs blocking `work` (waiting for a child process, a loop of blocking system calls, a long
/// synchronous race) on a thread of its own and returns its result.
///
/// Swift's cooperative pool has one thread per core, two on the CI machine, and the test runner
/// runs every test on it at once. A test that blocks one of those threads for seconds halves the
/// progress of all the others; two such tests stop every in-process test, whose deadlines then
/// pass with nothing done.
public func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
    }
}
