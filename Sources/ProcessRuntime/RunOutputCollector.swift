import NIOCore
import SandboxAgentAPI
import Synchronization

/// Collects stdout and stderr of a one-shot run up to a byte cap each; bytes past the cap are
/// read and dropped so the child never blocks on a full pipe.
final class RunOutputCollector: ProcessOutputSink {
    struct Output: Sendable {
        var stdout = ByteBuffer()
        var stderr = ByteBuffer()
        var stdoutTruncated = false
        var stderrTruncated = false
    }

    private let cap: Int
    private let output = Mutex(Output())
    private let onTerminated: @Sendable () -> Void

    init(cap: Int, onTerminated: @escaping @Sendable () -> Void) {
        self.cap = cap
        self.onTerminated = onTerminated
    }

    var collected: Output { output.withLock { $0 } }

    func receive(_ stream: LogStream, _ bytes: ByteBuffer) {
        output.withLock { output in
            if stream == .stderr {
                Self.append(bytes, to: &output.stderr, truncated: &output.stderrTruncated, cap: cap)
            } else {
                Self.append(bytes, to: &output.stdout, truncated: &output.stdoutTruncated, cap: cap)
            }
        }
    }

    func terminated(_ status: ExitStatus) {
        onTerminated()
    }

    private static func append(_ bytes: ByteBuffer, to buffer: inout ByteBuffer, truncated: inout Bool, cap: Int) {
        let room = cap - buffer.readableBytes
        guard room > 0 else {
            truncated = truncated || bytes.readableBytes > 0
            return
        }
        var bytes = bytes
        if bytes.readableBytes > room {
            truncated = true
            bytes = bytes.getSlice(at: bytes.readerIndex, length: room)!
        }
        buffer.writeImmutableBuffer(bytes)
    }
}
