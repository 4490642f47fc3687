import ACP
import Foundation
import Testing
import TestThreads

/// Runs the real `sandbox-agent mock-agent` next to the test bundle (`.build/<config>/`).
struct MockAgentProcess {
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("sandbox-agent")
    }

    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    let process = Process()
    let stdin = Pipe()
    let stdout = LineRecorder()
    let stderr = LineRecorder()
    var reader: LineReader

    init() throws {
        process.executableURL = Self.executable
        process.arguments = ["mock-agent"]
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardInput = stdin
        process.standardOutput = outPipe
        process.standardError = errPipe
        reader = LineReader(recorder: stdout)
        try process.run()
        Self.collect(outPipe.fileHandleForReading, into: stdout)
        Self.collect(errPipe.fileHandleForReading, into: stderr)
    }

    private static func collect(_ handle: FileHandle, into recorder: LineRecorder) {
        Thread.detachNewThread {
            var splitter = LineSplitter()
            while true {
                let data = handle.readChunk()
                if data.isEmpty { break }
                for case .line(let line) in splitter.push(data) { recorder.append(line) }
            }
            for case .line(let line) in splitter.finish() { recorder.append(line) }
            recorder.end()
        }
    }

    func send(_ line: String) throws {
        try stdin.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Waits for the process to exit; returns its status.
    func exitStatus(within timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw TimedOut(description: "mock-agent still running after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        return process.terminationStatus
    }

    mutating func handshake() async throws -> String {
        try send(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":1,"clientCapabilities":{}}}"#)
        try send(#"{"jsonrpc":"2.0","id":1,"method":"session/new","params":{"cwd":"/tmp","mcpServers":[]}}"#)
        _ = try await reader.until(responseTo: .int(0))
        let created = try await reader.until(responseTo: .int(1))
        return try #require(created.last?.result?["sessionId"]?.stringValue)
    }
}

@Suite(.enabled(if: MockAgentProcess.isBuilt, "needs the sandbox-agent executable next to the tests"))
struct ProcessTests {
    @Test func promptThenExitAtEndOfInput() async throws {
        var agent = try MockAgentProcess()
        let session = try await agent.handshake()
        #expect(session == "mock-1")
        try agent.send(#"{"jsonrpc":"2.0","id":2,"method":"session/prompt","params":{"sessionId":"mock-1","prompt":[{"type":"text","text":"hello world"}]}}"#)
        let turn = try await agent.reader.until(responseTo: .int(2))
        #expect(turn.compactMap(\.chunkText) == ["hello ", "world"])
        #expect(turn.last?.stopReason == "end_turn")

        try agent.stdin.fileHandleForWriting.close()
        #expect(try await agent.exitStatus(within: .seconds(30)) == 0, "stdin EOF ends the agent")
        #expect(try await agent.stderr.complete().first == "sandbox-agent mock-agent 1.0.0")
        for line in try await agent.stdout.complete() { _ = try JSONRPCMessage.parse(line) }
    }

    @Test func crashExitsWithStatus3() async throws {
        var agent = try MockAgentProcess()
        _ = try await agent.handshake()
        try agent.send(#"{"jsonrpc":"2.0","id":2,"method":"session/prompt","params":{"sessionId":"mock-1","prompt":[{"type":"text","text":"/crash"}]}}"#)
        #expect(try await agent.exitStatus(within: .seconds(30)) == 3)
        #expect(try await agent.stderr.complete().contains("mock-agent: crashing on purpose"))
        let lines = try await agent.stdout.complete().map { try JSONRPCMessage.parse($0) }
        #expect(lines.last?.chunkText == "Crashing.")
        #expect(!lines.contains { if case .response(.int(2), _) = $0 { true } else { false } })
    }
}
