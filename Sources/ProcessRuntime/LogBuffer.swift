import NIOCore
import SandboxAgentAPI

/// The output of one process, bounded in bytes: the oldest chunks are dropped first, sequence
/// numbers are never reused, so a reader can tell what it missed.
struct LogBuffer: Sendable {
    /// One chunk as read, before base64 encoding.
    struct Chunk: Sendable {
        var sequence: UInt64
        var stream: LogStream
        var timestampMs: Int64
        var bytes: ByteBuffer
    }

    private var chunks = CircularBuffer<Chunk>()
    private var byteCount = 0
    private(set) var lastSequence: UInt64 = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Appends a chunk and returns it with its sequence number.
    mutating func append(_ stream: LogStream, _ bytes: ByteBuffer, timestampMs: Int64) -> Chunk {
        lastSequence += 1
        let chunk = Chunk(sequence: lastSequence, stream: stream, timestampMs: timestampMs, bytes: bytes)
        chunks.append(chunk)
        byteCount += bytes.readableBytes
        while byteCount > capacity, chunks.count > 1 {
            byteCount -= chunks.removeFirst().bytes.readableBytes
        }
        return chunk
    }

    /// Chunks of `filter` with a sequence above `since`, the last `tail` of them if given.
    func chunks(matching filter: LogStream, since: UInt64 = 0, tail: Int? = nil) -> [Chunk] {
        var selected = Array(chunks.filter { $0.sequence > since && filter.includes($0.stream) })
        if let tail, selected.count > tail { selected.removeFirst(selected.count - tail) }
        return selected
    }
}

extension LogStream {
    /// Whether a query for `self` returns chunks of `stream`: `combined` returns everything.
    func includes(_ stream: LogStream) -> Bool {
        self == .combined || self == stream
    }
}
