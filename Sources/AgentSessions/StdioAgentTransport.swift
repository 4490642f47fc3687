import ACP
import Foundation
import Glibc
import NIOCore
public import ProcessRuntime
import SandboxAgentAPI

/// An ACP agent on a child's stdin/stdout: newline-delimited JSON-RPC, stderr kept as a bounded
/// tail for "agent exited" reports. The child runs in its own process group.
public struct StdioAgentTransport: AgentTransport {
    public let output: AsyncStream<AgentOutput>
    private let process: ManagedProcess

    /// Starts `command` through the process runtime (owner `system`).
    public static func launch(
        command: String, args: [String], cwd: String, env: [String: String], processes: ProcessManager,
        maxLineBytes: Int = 64 << 20
    ) async throws(AgentSessionError) -> StdioAgentTransport {
        let process: ManagedProcess
        do {
            process = try await processes.start(
                ProcessCreateRequest(command: command, args: args, cwd: cwd, env: env, interactive: true),
                owner: .system, captureStdout: true)
        } catch {
            throw AgentSessionError(.agentStartFailed, "cannot start the agent (\(command)): \(error.message)", cause: error)
        }
        return StdioAgentTransport(process: process, maxLineBytes: maxLineBytes)
    }

    private init(process: ManagedProcess, maxLineBytes: Int) {
        self.process = process
        let (output, continuation) = AsyncStream.makeStream(of: AgentOutput.self)
        self.output = output
        let stdout = process.stdout!
        Task {
            var splitter = LineSplitter(maxLineBytes: maxLineBytes)
            for await chunk in stdout {
                for piece in splitter.push(chunk.readableBytesView) { continuation.yield(piece.output) }
            }
            for piece in splitter.finish() { continuation.yield(piece.output) }
            continuation.finish()
        }
    }

    public func send(_ line: String) async throws {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(line.utf8.count + 1)
        buffer.writeString(line)
        buffer.writeInteger(UInt8(ascii: "\n"))
        try await process.write(buffer)
    }

    public func exit() async -> AgentExit { await AgentExit(of: process) }

    public func terminate() async { await process.terminate() }

    /// Pauses reading the child's stdout: once its pipe is full, the agent's writes block.
    public func pauseOutput(_ paused: Bool) { process.pauseOutput(paused) }
}

extension LineSplitter.Piece {
    var output: AgentOutput {
        switch self {
        case .line(let line): .line(line)
        case .oversized(let bytes): .oversized(bytes: bytes)
        }
    }
}

extension AgentExit {
    /// How `process` ended (waits for it), with the tail of its stderr.
    init(of process: ManagedProcess) async {
        let record = await process.waitUntilExited()
        let tail = process.logs(.stderr, tail: 40).compactMap(\.decodedText).joined()
        self.init(exitCode: record.exitCode, signal: record.signal, stderrTail: String(tail.suffix(4000)))
    }
}

extension ProcessLogEntry {
    /// The entry's bytes as UTF-8 text (invalid bytes replaced).
    var decodedText: String? {
        guard let bytes = Data(base64Encoded: data) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
