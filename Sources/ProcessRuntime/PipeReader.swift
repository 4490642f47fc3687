import NIOCore
import SandboxAgentAPI

/// Forwards the bytes read from one pipe (or PTY master) of a child and reports when it closes.
/// Lives on its channel's event loop.
final class PipeReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let stream: LogStream
    private let onData: @Sendable (LogStream, ByteBuffer) -> Void
    private let onClose: @Sendable () -> Void

    init(
        stream: LogStream, onData: @escaping @Sendable (LogStream, ByteBuffer) -> Void,
        onClose: @escaping @Sendable () -> Void
    ) {
        self.stream = stream
        self.onData = onData
        self.onClose = onClose
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        onData(stream, unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose()
        context.fireChannelInactive()
    }

    /// A PTY master reads EIO once the last slave descriptor closes: that is its end of file.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
