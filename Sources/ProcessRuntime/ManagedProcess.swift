public import NIOCore
import Glibc
public import SandboxAgentAPI

/// A long-lived process started through the runtime: its record, its log, and its input.
public final class ManagedProcess: Sendable {
    public let id: String
    /// Raw stdout, when the process was started with `captureStdout`: every byte in order, and the
    /// stream ends once the process is over (its record then holds the exit status).
    public let stdout: AsyncStream<ByteBuffer>?
    let child: ChildProcess
    private let journal: ProcessJournal

    init(id: String, child: ChildProcess, journal: ProcessJournal, stdout: AsyncStream<ByteBuffer>?) {
        self.id = id
        self.child = child
        self.journal = journal
        self.stdout = stdout
    }

    /// The current public record.
    public var record: ProcessRecord { journal.record }

    /// Runs on a pseudo-terminal.
    public var isTTY: Bool { child.isTTY }

    /// The stream a log query uses when it names none: `pty` for a tty, else `combined`.
    public var defaultLogStream: LogStream { isTTY ? .pty : .combined }

    /// Buffered log entries of `stream` after sequence `since`, at most the last `tail`.
    public func logs(_ stream: LogStream, since: UInt64 = 0, tail: Int? = nil) -> [ProcessLogEntry] {
        journal.entries(stream, since: since, tail: tail)
    }

    /// Buffered entries after `since`, then live ones, then `.exit`; ends when the process is over.
    public func follow(_ stream: LogStream, since: UInt64 = 0) -> AsyncStream<ProcessLogEvent> {
        journal.follow(stream, since: since)
    }

    /// Writes bytes to stdin or the PTY. Throws `conflict` when there is no open input.
    public func write(_ bytes: ByteBuffer) async throws(ProcessError) {
        try await child.write(bytes)
    }

    /// Resizes the terminal. Throws `conflict` when the process is not a tty.
    public func resize(_ size: TerminalSize) throws(ProcessError) {
        guard (1...1000).contains(size.cols), (1...1000).contains(size.rows) else {
            throw ProcessError(.invalidRequest, "cols and rows must be between 1 and 1000, got \(size.cols)x\(size.rows)")
        }
        try child.resize(cols: UInt16(size.cols), rows: UInt16(size.rows))
    }

    /// Stops (`true`) or resumes reading stdout: while paused the child's writes block once its
    /// pipe is full, so a consumer that cannot keep up holds the process back instead of
    /// buffering without bound. An exited process is always drained.
    public func pauseOutput(_ paused: Bool) {
        child.pauseOutput(paused)
    }

    /// Sends a signal to the process group (no-op once the process is over).
    public func signal(_ signal: Int32) {
        child.signalGroup(signal)
    }

    /// Stops the process group: SIGTERM, up to `grace` to exit, then SIGKILL; returns once it is
    /// over (or 5 s after the SIGKILL).
    public func terminate(grace: Duration = .seconds(2)) async {
        guard record.status == .running else { return }
        signal(SIGTERM)
        if await waitUntilExited(timeout: grace).status == .running {
            signal(SIGKILL)
            await waitUntilExited(timeout: .seconds(5))
        }
    }

    /// Waits until the process is over, at most `timeout` when given; returns the record then.
    @discardableResult
    public func waitUntilExited(timeout: Duration? = nil) async -> ProcessRecord {
        _ = await child.waitUntilTerminated(timeout: timeout.map(TimeAmount.init))
        return record
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
