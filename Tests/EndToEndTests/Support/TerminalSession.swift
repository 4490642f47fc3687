import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket

/// Talks to `/v1/processes/{id}/terminal/ws` like a browser terminal would.
enum TerminalSession {
    /// Connects and returns the first text frame (the `ready` frame).
    static func firstTextFrame(_ url: String) async throws -> String {
        let wsURL = url.replacingOccurrences(of: "http://", with: "ws://")
        let first = FirstFrame()
        try await WebSocketClient.connect(url: wsURL, logger: Logger(label: "ws-test")) { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: 1 << 20) {
                if case .text(let text) = message {
                    await first.set(text)
                    break
                }
            }
            try await outbound.close(.normalClosure, reason: nil)
        }
        guard let text = await first.value else { throw TestFailure("no text frame received") }
        return text
    }

    /// Connects, sends each text frame in `send` after `ready`, and collects everything the
    /// server sends until `until` returns true for the collected output (or 10 s pass).
    static func exchange(
        _ url: String, send frames: [String], until done: @escaping @Sendable (Transcript) -> Bool
    ) async throws -> Transcript {
        let wsURL = url.replacingOccurrences(of: "http://", with: "ws://")
        let transcript = TranscriptBox()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await WebSocketClient.connect(url: wsURL, logger: Logger(label: "ws-test")) { inbound, outbound, _ in
                    var sent = false
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        switch message {
                        case .text(let text): await transcript.addText(text)
                        case .binary(let buffer): await transcript.addBinary(buffer)
                        }
                        if !sent {
                            sent = true
                            for frame in frames { try await outbound.write(.text(frame)) }
                        }
                        if done(await transcript.value) { break }
                    }
                    try await outbound.close(.normalClosure, reason: nil)
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                throw TestFailure("terminal exchange timed out; got \(await transcript.value)")
            }
            try await group.next()
            group.cancelAll()
        }
        return await transcript.value
    }

    /// What the server sent: its text frames, and the PTY output of its binary frames.
    struct Transcript: Sendable, CustomStringConvertible {
        var texts: [String] = []
        var output = ""
        var description: String { "texts: \(texts), output: \(output.debugDescription)" }
    }

    private actor TranscriptBox {
        var value = Transcript()
        func addText(_ text: String) { value.texts.append(text) }
        func addBinary(_ buffer: ByteBuffer) { value.output += String(decoding: buffer.readableBytesView, as: UTF8.self) }
    }

    private actor FirstFrame {
        var value: String?
        func set(_ text: String) { value = text }
    }
}
