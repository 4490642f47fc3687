import NIOCore
import Testing

@testable import SandboxAgentServer

/// The kept images of desktop actions stay within their bounds, oldest dropped first, per session
/// and in all, and are found only under their own session.
@Suite struct SessionScreenshotsTests {
    static func image(_ size: Int) -> SessionScreenshots.Image {
        .init(contentType: "image/png", data: ByteBuffer(repeating: 7, count: size))
    }

    @Test func eachSessionKeepsItsNewestImages() {
        let store = SessionScreenshots(perSession: 3, totalBytes: 1 << 20)
        let ids = (0..<5).map { _ in store.keep(Self.image(10), for: "a") }
        let other = store.keep(Self.image(10), for: "b")
        #expect(Set(ids).count == 5)
        #expect(ids.prefix(2).allSatisfy { store.image($0, of: "a") == nil }, "the two oldest of a are gone")
        #expect(ids.suffix(3).allSatisfy { store.image($0, of: "a")?.data.readableBytes == 10 })
        #expect(store.image(other, of: "b") != nil, "b keeps its own")
        #expect(store.image(other, of: "a") == nil, "an id is found only under its session")
    }

    @Test func allSessionsTogetherStayUnderTheByteLimit() {
        let store = SessionScreenshots(perSession: 100, totalBytes: 250)
        let first = store.keep(Self.image(100), for: "a")
        let second = store.keep(Self.image(100), for: "b")
        let third = store.keep(Self.image(100), for: "a")
        #expect(store.image(first, of: "a") == nil, "the oldest goes when the total would pass 250 bytes")
        #expect(store.image(second, of: "b") != nil && store.image(third, of: "a") != nil)
        let huge = store.keep(Self.image(1000), for: "c")
        #expect(store.image(huge, of: "c") == nil, "an image over the whole limit is not kept")
        #expect(store.image(second, of: "b") == nil && store.image(third, of: "a") == nil)
    }
}
