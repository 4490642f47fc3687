import Foundation
import Glibc
import Logging
import NIOCore
import ProcessRuntime
import SandboxAgentAPI
import Testing

@Suite("ProcessManager")
struct ProcessManagerTests {
    private func makeManager(_ config: ProcessConfig = .default) throws -> ProcessManager {
        try ProcessManager(
            config: config, environment: Foundation.ProcessInfo.processInfo.environment, defaultCwd: "/tmp",
            logger: Logger(label: "test"))
    }

    private func text(_ entries: [ProcessLogEntry]) -> String {
        entries.map { String(decoding: Data(base64Encoded: $0.data) ?? Data(), as: UTF8.self) }.joined()
    }

    @Test func runCollectsOutputAndExitCode() async throws {
        let result = try await makeManager().run(
            ProcessRunRequest(command: "sh", args: ["-c", "echo out; echo err >&2; exit 7"]))
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(result.exitCode == 7)
        #expect(result.signal == nil)
        #expect(!result.timedOut)
    }

    @Test func runTimeoutKillsTheWholeGroup() async throws {
        let pidFile = "/tmp/sa-timeout-\(UUID().uuidString)"
        defer { unlink(pidFile) }
        let result = try await makeManager().run(
            ProcessRunRequest(command: "sh", args: ["-c", "sleep 120 & echo $! > \(pidFile); sleep 120"], timeoutMs: 1000))
        #expect(result.timedOut)
        #expect(result.signal == SIGKILL, "the 120 s command was cut short by the kill")
        // The background grandchild was in the same process group: it must be gone too.
        let grandchild = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(!isAlive(grandchild), "grandchild \(grandchild) survived the timeout")
    }

    /// Alive and not a zombie waiting for a parent to reap it.
    private func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? false)
    }

    @Test func runTruncatesOutputAtTheCap() async throws {
        let result = try await makeManager().run(
            ProcessRunRequest(command: "sh", args: ["-c", "head -c 100000 /dev/zero | tr '\\0' x"], maxOutputBytes: 1000))
        #expect(result.stdout.utf8.count == 1000)
        #expect(result.stdoutTruncated)
        #expect(!result.stderrTruncated)
        #expect(result.exitCode == 0)
    }

    @Test func unknownCommandAndBadCwdAreClearErrors() async throws {
        let manager = try makeManager()
        await #expect(throws: ProcessError.self) { try await manager.run(ProcessRunRequest(command: "no-such-command-xyz")) }
        do {
            _ = try await manager.run(ProcessRunRequest(command: "true", cwd: "/no/such/dir"))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidWorkingDirectory)
        }
    }

    @Test func startedProcessLogsAndExitIsRecorded() async throws {
        let manager = try makeManager()
        let process = try await manager.start(ProcessCreateRequest(command: "sh", args: ["-c", "echo one; echo two >&2"]))
        let record = await process.waitUntilExited(timeout: .seconds(30))
        #expect(record.status == .exited)
        #expect(record.exitCode == 0)
        #expect(text(process.logs(.stdout)) == "one\n")
        #expect(text(process.logs(.stderr)) == "two\n")
        let all = process.logs(.combined)
        #expect(all.map(\.sequence) == [1, 2])
        #expect(manager.list().map(\.id) == [process.id])
    }

    @Test func interactiveInputReachesTheChild() async throws {
        let manager = try makeManager()
        let process = try await manager.start(ProcessCreateRequest(command: "cat", interactive: true))
        try await process.write(ByteBuffer(string: "hello\n"))
        var seen = ""
        for await event in process.follow(.stdout) {
            if case .log(let entry) = event { seen += text([entry]) }
            if seen == "hello\n" { break }
        }
        #expect(seen == "hello\n")
        _ = try await manager.signal(process.id, SIGKILL, wait: .seconds(5))
        #expect(process.record.signal == SIGKILL)
        #expect(process.record.status == .exited)
    }

    @Test func followReplaysThenStreamsLiveWithoutDuplicates() async throws {
        let manager = try makeManager()
        let process = try await manager.start(
            ProcessCreateRequest(command: "sh", args: ["-c", "for i in 1 2 3 4 5; do echo $i; sleep 0.05; done"]))
        var sequences: [UInt64] = []
        var exited = false
        for await event in process.follow(.combined, since: 0) {
            switch event {
            case .log(let entry): sequences.append(entry.sequence)
            case .exit: exited = true
            }
        }
        #expect(exited)
        #expect(sequences == Array(1...UInt64(sequences.count)))
        #expect(text(process.logs(.combined)) == "1\n2\n3\n4\n5\n")
        // Resuming after sequence 2 yields exactly the rest.
        var resumed: [UInt64] = []
        for await event in process.follow(.combined, since: 2) {
            if case .log(let entry) = event { resumed.append(entry.sequence) }
        }
        #expect(resumed == Array(sequences.dropFirst(2)))
    }

    @Test func ttyProcessSeesATerminalAndResizes() async throws {
        let manager = try makeManager()
        let process = try await manager.start(
            ProcessCreateRequest(command: "sh", args: ["-c", "stty size; read line; stty size"], tty: true, cols: 100, rows: 30))
        var output = ""
        for await event in process.follow(.pty) {
            if case .log(let entry) = event { output += text([entry]) }
            if output.contains("30 100") { break }
        }
        try process.resize(TerminalSize(cols: 120, rows: 40))
        try await process.write(ByteBuffer(string: "go\n"))
        await process.waitUntilExited(timeout: .seconds(30))
        #expect(text(process.logs(.pty)).contains("40 120"))
        #expect(process.record.exitCode == 0)
    }

    @Test func concurrencyLimitIsEnforced() async throws {
        let manager = try makeManager(ProcessConfig(maxConcurrentProcesses: 1))
        let first = try await manager.start(ProcessCreateRequest(command: "sleep", args: ["30"]))
        do {
            _ = try await manager.start(ProcessCreateRequest(command: "sleep", args: ["30"]))
            Issue.record("expected limitReached")
        } catch {
            #expect(error.code == .limitReached)
        }
        first.signal(SIGKILL)
        await first.waitUntilExited(timeout: .seconds(30))
        let second = try await manager.start(ProcessCreateRequest(command: "true"))
        await second.waitUntilExited(timeout: .seconds(30))
        #expect(second.record.exitCode == 0)
    }

    @Test func shutdownStopsEveryChild() async throws {
        let manager = try makeManager()
        let stubborn = try await manager.start(ProcessCreateRequest(command: "sh", args: ["-c", "trap '' TERM; sleep 30"]))
        let polite = try await manager.start(ProcessCreateRequest(command: "sleep", args: ["30"]))
        await manager.shutdown(grace: .milliseconds(300))
        #expect(stubborn.record.status == .exited)
        #expect(polite.record.signal == SIGTERM)
        #expect(!isAlive(stubborn.record.pid!))
        await #expect(throws: ProcessError.self) { try await manager.start(ProcessCreateRequest(command: "true")) }
    }
}
