import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// The server's child channel: `Base` (HTTP/1 with WebSocket upgrade) with a `ConnectionGuard`
/// placed right after its HTTP request decoder, where it sees decoded request parts and parser
/// errors inbound, and response parts on their way to the encoder (which comes first in an
/// upgradable pipeline).
struct GuardedHTTPChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let limits: ConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: limits), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
