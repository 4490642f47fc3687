import Foundation
import SandboxAgentClient
import Testing

@Suite("ServerSentEventParser")
struct ServerSentEventParserTests {
    /// Parses `text` fed in pieces of `chunkSize` bytes.
    private func parse(_ text: String, chunkSize: Int = .max) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        let bytes = Array(text.utf8)
        return stride(from: 0, to: bytes.count, by: max(1, min(chunkSize, bytes.count))).flatMap { start in
            parser.parse(bytes[start..<min(start + chunkSize, bytes.count)])
        }
    }

    private let logStream = """
        : connected

        event: log
        id: 1
        data: {"sequence":1}

        : heartbeat

        event: exit
        data: {"id":"proc_1"}


        """

    private let expected = [
        ServerSentEvent(id: "1", event: "log", data: #"{"sequence":1}"#),
        ServerSentEvent(event: "exit", data: #"{"id":"proc_1"}"#),
    ]

    @Test func parsesEventsAndSkipsComments() {
        #expect(parse(logStream) == expected)
    }

    @Test(arguments: [1, 2, 3, 7, 16])
    func isIndependentOfChunkBoundaries(chunkSize: Int) {
        #expect(parse(logStream, chunkSize: chunkSize) == expected)
        let crlf = logStream.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(parse(crlf, chunkSize: chunkSize) == expected)
    }

    @Test func acceptsCarriageReturnLineEndings() {
        #expect(parse("data: a\rdata: b\r\r") == [ServerSentEvent(data: "a\nb")])
    }

    @Test func splitCRLFIsOneLineEnding() {
        var parser = ServerSentEventParser()
        #expect(parser.parse(Array("data: x\r".utf8)).isEmpty)
        #expect(parser.parse(Array("\n\r".utf8)) == [ServerSentEvent(data: "x")])
        #expect(parser.parse(Array("\ndata: y\n\n".utf8)) == [ServerSentEvent(data: "y")])
    }

    @Test func joinsMultiLineData() {
        #expect(parse("data: one\ndata:two\ndata\ndata:  three\n\n") == [ServerSentEvent(data: "one\ntwo\n\n three")])
    }

    @Test func fieldsResetBetweenEvents() {
        let events = parse("id: 7\nevent: log\ndata: a\n\ndata: b\n\n")
        #expect(events == [ServerSentEvent(id: "7", event: "log", data: "a"), ServerSentEvent(data: "b")])
    }

    @Test func dropsEventsWithoutDataAndUnterminatedEvents() {
        #expect(parse("event: ping\n\nretry: 10\nunknown: x\n\ndata: partial\n").isEmpty)
    }

    @Test func decodesUTF8SplitAcrossChunks() {
        let text = "data: héllo → 世界\n\n"
        #expect(parse(text, chunkSize: 1) == [ServerSentEvent(data: "héllo → 世界")])
    }
}
