import HummingbirdWSCompression
import HummingbirdWebSocket

/// How every WebSocket of the API (terminals, the live view) is set up.
enum WebSocketSettings {
    /// The largest message a client may send (and an inflated one may grow to).
    static let maximumMessageBytes = 1 << 14

    /// permessage-deflate (RFC 7692) when the client offers it, as browsers do, with the window kept
    /// between messages: a live-view update's JSON header repeats the last one's keys and shrinks to
    /// a few bytes, and terminal output compresses as a stream. Level 1: the live view's JPEGs do
    /// not shrink, and compressing them harder would only cost CPU. Messages of under 16 bytes are
    /// sent as they are.
    static let server = WebSocketServerConfiguration(
        maxFrameSize: maximumMessageBytes,
        extensions: [
            .perMessageDeflate(
                compressionLevel: 1, maxDecompressedFrameSize: maximumMessageBytes, minFrameSizeToCompress: 16)
        ])
}
