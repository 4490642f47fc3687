import Foundation
import Glibc
import Synchronization
import Testing

@testable import ProcessRuntime

/// A child whose SIGCHLD never reaches the reaper is still reaped: the reaper looks for exits
/// once a second while children are registered.
@Suite struct ChildReaperTests {
    @Test func anExitNoSignalAnnouncesIsFoundByTheLook() async throws {
        let reaper = ChildReaper(listeningForSIGCHLD: false)
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", "sleep 0.3; exit 7"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0)
        // Registered while the child still runs, so the immediate look finds nothing.
        let status = Mutex<ProcessRuntime.ExitStatus?>(nil)
        reaper.register(pid) { exit in status.withLock { $0 = exit } }
        let deadline = ContinuousClock.now + .seconds(30)
        while status.withLock({ $0 }) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(status.withLock { $0 } == ProcessRuntime.ExitStatus(exitCode: 7))
    }
}
