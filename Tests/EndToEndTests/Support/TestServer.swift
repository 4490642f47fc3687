import Foundation
import Glibc
import TestPostgres
import Testing
import TestThreads

/// The real `sandbox-agent` binary, started as a child on an ephemeral port with its own data
/// directory; stopped with SIGTERM (and SIGKILL after a deadline) when the test is done.
final class TestServer {
    let url: URL
    let dataDirectory: URL
    let process: Process
    private let output: Pipe

    var pid: Int32 { process.processIdentifier }

    /// The binary under test: `$SANDBOX_AGENT_BIN`, else `sandbox-agent` next to the test bundle.
    static var binary: URL {
        if let path = Foundation.ProcessInfo.processInfo.environment["SANDBOX_AGENT_BIN"] {
            return URL(fileURLWithPath: path)
        }
        let runner = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        return runner.deletingLastPathComponent().appendingPathComponent("sandbox-agent")
    }

    /// Starts `sandbox-agent server --port 0 <arguments>` and waits (30 s at most) for its URL.
    /// - Parameter dataDirectory: reuse a previous server's data (to test restarts); default: a new one.
    init(
        _ arguments: [String] = ["--no-token"], environment: [String: String] = [:], cwd: URL? = nil,
        dataDirectory: URL? = nil
    ) async throws {
        self.dataDirectory = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("sa-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.dataDirectory, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = Self.binary
        process.arguments = ["server", "--port", "0", "--data-dir", self.dataDirectory.path] + arguments
        var env = Foundation.ProcessInfo.processInfo.environment
        for name in ["SANDBOX_AGENT_TOKEN", "SANDBOX_AGENT_STORAGE", "SANDBOX_AGENT_INSTANCE_ID"] { env.removeValue(forKey: name) }
        env.merge(environment) { $1 }
        process.environment = env
        if let cwd { process.currentDirectoryURL = cwd }
        output = Pipe()
        process.standardOutput = output
        try process.run()
        url = try await Self.awaitURL(from: output.fileHandleForReading, process: process)
    }

    /// Starts `sandbox-agent <arguments>` exactly as given (nothing added: pass `--port 0` or a
    /// free port yourself) with XDG_DATA_HOME in a new directory, so the default data directory is
    /// a fresh one, and waits (30 s at most) for its URL.
    /// - Parameter standardError: a file that gets the server's stderr (default: the test's).
    init(commandLine arguments: [String], environment: [String: String] = [:], standardError: URL? = nil) async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sa-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        dataDirectory = home
        process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = Foundation.ProcessInfo.processInfo.environment
        for name in ["SANDBOX_AGENT_TOKEN", "SANDBOX_AGENT_STORAGE", "SANDBOX_AGENT_INSTANCE_ID"] { env.removeValue(forKey: name) }
        env["XDG_DATA_HOME"] = home.path
        env.merge(environment) { $1 }
        process.environment = env
        output = Pipe()
        process.standardOutput = output
        if let standardError {
            guard FileManager.default.createFile(atPath: standardError.path, contents: nil) else {
                throw TestFailure("cannot create \(standardError.path)")
            }
            process.standardError = try FileHandle(forWritingTo: standardError)
        }
        try process.run()
        url = try await Self.awaitURL(from: output.fileHandleForReading, process: process)
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick for port 0).
    static func freePort() throws -> Int { try freeLoopbackPort() }

    private static func awaitURL(from handle: FileHandle, process: Process) async throws -> URL {
        let deadline = ContinuousClock.now + .seconds(30)
        let lines = AsyncStream<String> { continuation in
            Thread.detachNewThread {
                var buffer = Data()
                while true {
                    let chunk = handle.readChunk()
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                    while let newline = buffer.firstIndex(of: 0x0A) {
                        continuation.yield(String(decoding: buffer[..<newline], as: UTF8.self))
                        buffer.removeSubrange(...newline)
                    }
                }
                continuation.finish()
            }
        }
        return try await withThrowingTaskGroup(of: URL?.self) { group in
            group.addTask {
                for await line in lines {
                    if let range = line.range(of: "listening on ") { return URL(string: String(line[range.upperBound...])) }
                }
                return nil
            }
            group.addTask {
                try await Task.sleep(until: deadline)
                return nil
            }
            let url = try await group.next() ?? nil
            group.cancelAll()
            guard let url else {
                process.terminate()
                throw TestFailure("the server did not print its URL within 30 s (running: \(process.isRunning))")
            }
            return url
        }
    }

    /// `url` + path (with query).
    func address(_ pathAndQuery: String) -> String {
        url.absoluteString + pathAndQuery
    }

    /// Peak resident memory of the server so far, in bytes (VmHWM).
    func peakRSS() throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        else { throw TestFailure("no VmHWM in /proc/\(pid)/status") }
        return kb * 1024
    }

    /// SIGKILL, as a crash would; the data directory stays for a restart.
    func crash() {
        kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits up to `deadline` for the exit; SIGKILL if it did not come. Removes the
    /// data directory unless `keepingData` (a later server reuses it).
    @discardableResult
    func stop(deadline: Duration = .seconds(10), keepingData: Bool = false) async -> Int32 {
        if process.isRunning { kill(pid, SIGTERM) }
        let end = ContinuousClock.now + deadline
        while process.isRunning && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        if !keepingData { try? FileManager.default.removeItem(at: dataDirectory) }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(pid, SIGKILL) }
    }
}

/// A failed expectation that must stop the test.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
///
/// The deadline is only reached when something is broken, so it is generous: with the whole suite
/// running in parallel on a 2-core CI machine, a real agent CLI can take well over 10 s to start.
func eventually(timeout: Duration = .seconds(45), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
