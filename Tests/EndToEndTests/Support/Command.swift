import Foundation
import Glibc
import Synchronization
import TestThreads

/// What a finished child printed and how it ended.
struct CommandResult: Sendable {
    var code: Int32
    var stdout: String
    var stderr: String
}

/// A child of the test process, started and awaited without blocking Swift's cooperative threads
/// (there are only as many as cores; a test blocked in `waitUntilExit` starves every other test).
/// The `Process` lives on a dedicated thread from launch to exit.
final class RunningCommand: Sendable {
    private struct State {
        var pid: Int32?
        var result: CommandResult?
        var failure: String?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Starts `executable` with `arguments`; `environment` entries are added to the test's own,
    /// without SANDBOX_AGENT_TOKEN/ENDPOINT unless given.
    init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) {
        var env = Foundation.ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SANDBOX_AGENT_TOKEN")
        env.removeValue(forKey: "SANDBOX_AGENT_ENDPOINT")
        env.merge(environment) { $1 }
        let environment = env
        Thread.detachNewThread { [self] in
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.environment = environment
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            do {
                try process.run()
            } catch {
                finish { $0.failure = "cannot start \(executable.path): \(error)" }
                return
            }
            state.withLock { $0.pid = process.processIdentifier }
            let errorData = Mutex(Data())
            let errorDone = Mutex(false)
            let errorHandle = err.fileHandleForReading
            Thread.detachNewThread {
                let data = errorHandle.readRemaining()
                errorData.withLock { $0 = data }
                errorDone.withLock { $0 = true }
            }
            let stdout = out.fileHandleForReading.readRemaining()
            process.waitUntilExit()
            while !errorDone.withLock({ $0 }) { usleep(1000) }
            let result = CommandResult(
                code: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                stderr: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
            finish { $0.result = result }
        }
    }

    /// Waits for the exit; after `timeout` the child is killed and the test fails.
    func finish(timeout: Duration = .seconds(60)) async throws -> CommandResult {
        let deadline = ContinuousClock.now + timeout
        let watchdog = Task { [self] in
            try await Task.sleep(until: deadline)
            if let pid = state.withLock({ $0.result == nil ? $0.pid : nil }) { kill(pid, SIGKILL) }
        }
        defer { watchdog.cancel() }
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.result != nil || state.failure != nil { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        let (result, failure) = state.withLock { ($0.result, $0.failure) }
        if let failure { throw TestFailure(failure) }
        guard let result, ContinuousClock.now < deadline else { throw TestFailure("command timed out after \(timeout)") }
        return result
    }

    private func finish(_ update: (inout State) -> Void) {
        let waiters = state.withLock { state in
            update(&state)
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Runs the `sandbox-agent` binary under test to completion.
func sandboxAgent(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(60)) async throws -> CommandResult {
    try await RunningCommand(TestServer.binary, arguments, environment: environment).finish(timeout: timeout)
}
