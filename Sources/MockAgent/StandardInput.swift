import ACP
import Foundation

/// Reads stdin on its own thread and delivers NDJSON lines; the stream ends at EOF.
enum StandardInput {
    static func lines() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        Thread.detachNewThread {
            var splitter = LineSplitter()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                deliver(splitter.push(buffer[..<count]), to: continuation)
            }
            deliver(splitter.finish(), to: continuation)
            continuation.finish()
        }
        return stream
    }

    /// An oversized line is delivered as text that is not JSON, so it is answered with -32700.
    private static func deliver(_ pieces: [LineSplitter.Piece], to continuation: AsyncStream<String>.Continuation) {
        for piece in pieces {
            switch piece {
            case .line(let line): continuation.yield(line)
            case .oversized(let bytes): continuation.yield("<oversized line of \(bytes) bytes>")
            }
        }
    }
}

/// Writes whole diagnostic lines to stderr.
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
