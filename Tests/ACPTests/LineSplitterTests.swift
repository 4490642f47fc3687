import ACP
import Testing

@Suite("LineSplitter")
struct LineSplitterTests {
    @Test func splitsAcrossChunkBoundariesAndCRLF() {
        var splitter = LineSplitter()
        var pieces: [LineSplitter.Piece] = []
        for chunk in ["{\"a\":", "1}\r\n{\"b\"", ":2}\n\n", "{\"c\":3}"] {
            pieces += splitter.push(Array(chunk.utf8))
        }
        pieces += splitter.finish()
        #expect(pieces == [.line(#"{"a":1}"#), .line(#"{"b":2}"#), .line(#"{"c":3}"#)])
    }

    @Test func oversizedLineIsReportedAndSyncIsKept() {
        var splitter = LineSplitter(maxLineBytes: 10)
        let pieces = splitter.push(Array("short\n0123456789ABCDEF\nnext\n".utf8))
        #expect(pieces == [.line("short"), .oversized(bytes: 16), .line("next")])
    }

    @Test func invalidUTF8IsReplaced() {
        var splitter = LineSplitter()
        let pieces = splitter.push([0x61, 0xFF, 0x62, 0x0A])
        #expect(pieces == [.line("a\u{FFFD}b")])
    }

    @Test func sixteenMiBLine() {
        var splitter = LineSplitter()
        let big = [UInt8](repeating: 0x78, count: 16 << 20)
        var pieces = splitter.push(big[0..<(8 << 20)])
        #expect(pieces.isEmpty)
        pieces = splitter.push(big[(8 << 20)...] + [0x0A])
        guard case .line(let line) = pieces.first else {
            Issue.record("expected a line")
            return
        }
        #expect(line.utf8.count == 16 << 20)
    }
}

@Suite("JSONRPCMessage")
struct JSONRPCMessageTests {
    @Test(arguments: [
        #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":1}}"#,
        #"{"jsonrpc":"2.0","id":"x-1","result":{"stopReason":"end_turn"}}"#,
        #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#,
        #"{"jsonrpc":"2.0","method":"session/update","params":{"sessionId":"s","update":{"sessionUpdate":"plan","entries":[]}}}"#,
    ])
    func roundTrips(line: String) throws {
        let message = try JSONRPCMessage.parse(line)
        #expect(try JSONRPCMessage.parse(message.line()) == message)
    }

    @Test func classifies() throws {
        #expect(try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":7,"method":"fs/read_text_file","params":{}}"#).method == "fs/read_text_file")
        guard case .response(.string("a"), .failure(let error)) = try JSONRPCMessage.parse(
            #"{"jsonrpc":"2.0","id":"a","error":{"code":-32601,"message":"Method not found"}}"#)
        else {
            Issue.record("expected an error response")
            return
        }
        #expect(error.code == -32601)
        #expect(throws: JSONRPCError.self) { try JSONRPCMessage.parse("not json") }
        #expect(throws: JSONRPCError.self) { try JSONRPCMessage.parse(#"{"jsonrpc":"2.0"}"#) }
    }
}
