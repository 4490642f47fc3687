import Foundation
import Synchronization

/// Buffers stdout lines and writes them from a dedicated thread, one `write(2)` per batch: while
/// one batch is being written the next accumulates, and once the queue goes idle (after at most a
/// 50 µs linger) the writer flushes, so throughput is high under load and latency stays low.
final class StandardOutput: Sendable {
    private let queue = Mutex<[UInt8]>([])
    /// Serialises the writes themselves (the writer thread and `flush()`), so batches never interleave.
    private let descriptor = Mutex<Int32>(STDOUT_FILENO)
    private let wake = DispatchSemaphore(value: 0)

    init() {
        Thread.detachNewThread { [self] in
            while true {
                wake.wait()
                // A short linger lets a burst coalesce into one write(2) instead of one wake-up
                // and one write per line; 50 µs is invisible to interactive clients.
                if queuedBytes < Self.lingerThreshold { usleep(50) }
                drain()
            }
        }
    }

    private static let lingerThreshold = 64 << 10

    private var queuedBytes: Int { queue.withLock { $0.count } }

    /// Queues one line (a newline is appended).
    func write(_ line: String) {
        let wasIdle = queue.withLock { bytes in
            let idle = bytes.isEmpty
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
            return idle
        }
        if wasIdle { wake.signal() }
    }

    /// Writes everything queued so far before returning.
    func flush() {
        drain()
    }

    private func drain() {
        descriptor.withLock { fd in
            var batch: [UInt8] = []
            queue.withLock { swap(&batch, &$0) }
            batch.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}
