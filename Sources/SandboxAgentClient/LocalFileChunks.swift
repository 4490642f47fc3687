import AsyncHTTPClient
import Foundation
import NIOCore

/// The bytes of an open local file as a sequence of buffers, to stream a request body from disk.
struct LocalFileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// Bytes read per chunk.
    static let chunkSize = 256 * 1024

    let handle: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle

        mutating func next() async throws -> ByteBuffer? {
            guard let data = try handle.read(upToCount: LocalFileChunks.chunkSize), !data.isEmpty else { return nil }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: handle)
    }
}

extension RequestBody {
    /// Streams the file behind `handle` from its current offset, sending `length` as Content-Length.
    static func file(_ handle: FileHandle, length: UInt64, contentType: String) -> RequestBody {
        RequestBody(
            contentType: contentType,
            body: .stream(LocalFileChunks(handle: handle), length: .known(Int64(length)))
        )
    }
}
