import Foundation

/// An exclusive `flock` on a file, so that two processes (the server and `install-agent`) never
/// install the same agent at once. Waits by polling, never blocking a thread.
enum InstallLock {
    /// Runs `body` holding the lock on `path`, waiting for it up to `timeout`.
    static func holding<T>(
        _ path: String, timeout: Duration = .seconds(900), isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws(AgentInstallError) -> T
    ) async throws(AgentInstallError) -> T {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AgentInstallError.failed("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }  // closing releases the lock
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline, !Task.isCancelled else {
                throw AgentInstallError.failed("another install of this agent still holds \(path)")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await body()
    }
}
