import Hummingbird
import NIOCore

/// Wraps a streamed request body: counts the bytes and throws a 413 `APIError` as soon as they
/// pass `limit`, so an oversized upload is refused without being read to the end.
struct LimitedBody<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let base: Base
    let limit: Int
    let counter: ByteCounter

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        let counter: ByteCounter

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            let total = counter.add(buffer.readableBytes)
            if total > limit { throw APIError.payloadTooLarge(limit: limit, what: "the upload") }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit, counter: counter)
    }
}
