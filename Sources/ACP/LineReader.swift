import Foundation

/// Reads NDJSON lines from a file descriptor (stdin by default, a pipe) on a dedicated thread, so blocking
/// reads never hold a Swift concurrency thread; the stream ends at EOF. An oversized line is
/// delivered as text that is not JSON (its reader answers it as a parse error).
public enum LineReader {
    public static func lines(of descriptor: Int32 = 0) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        Thread.detachNewThread {
            var splitter = LineSplitter()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            func deliver(_ pieces: [LineSplitter.Piece]) {
                for piece in pieces {
                    switch piece {
                    case .line(let line): continuation.yield(line)
                    case .oversized(let bytes): continuation.yield("<oversized line of \(bytes) bytes>")
                    }
                }
            }
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                deliver(splitter.push(buffer[..<count]))
            }
            deliver(splitter.finish())
            continuation.finish()
        }
        return stream
    }
}
