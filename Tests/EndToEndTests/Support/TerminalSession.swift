import Foundation

/// Talks to `/v1/processes/{id}/terminal/ws` like a browser terminal would.
enum TerminalSession {
    /// Connects and returns the first text frame (the `ready` frame, or an error frame).
    static func firstTextFrame(_ url: String) async throws -> String {
        let transcript = try await exchange(url, send: []) { !$0.texts.isEmpty }
        guard let text = transcript.texts.first else { throw TestFailure("no text frame received") }
        return text
    }

    /// Connects, sends each text frame in `send` after the first server frame, and collects
    /// everything the server sends until `until` holds for it (10 s at most).
    static func exchange(
        _ url: String, send frames: [String], until done: @escaping @Sendable (Transcript) -> Bool
    ) async throws -> Transcript {
        let socket = try RawWebSocket(url.replacingOccurrences(of: "http://", with: "ws://"))
        let deadline = ContinuousClock.now + .seconds(30)
        var sent = false
        while ContinuousClock.now < deadline {
            let (received, ended) = socket.received
            var transcript = Transcript()
            for frame in received {
                switch frame {
                case .text(let text): transcript.texts.append(text)
                case .binary(let bytes): transcript.output += String(decoding: bytes, as: UTF8.self)
                case .close(let code): transcript.closeCode = code
                }
            }
            if done(transcript) { return transcript }
            if !sent, !received.isEmpty {
                sent = true
                for frame in frames { try socket.send(text: frame) }
            }
            if ended { throw TestFailure("the server closed the WebSocket; got \(transcript)") }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("terminal exchange timed out")
    }

    /// What the server sent: its text frames, the PTY output of its binary frames, its close code.
    struct Transcript: Sendable, CustomStringConvertible {
        var texts: [String] = []
        var output = ""
        var closeCode: UInt16?
        var description: String { "texts: \(texts), output: \(output.debugDescription), close: \(closeCode.map(String.init) ?? "none")" }
    }
}
