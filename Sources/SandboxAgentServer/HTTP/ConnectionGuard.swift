import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import SandboxAgentAPI

/// Answers what the framework would leave hanging, on every HTTP/1 connection: sits after the
/// HTTP request decoder and sees the decoded request parts, parser errors and the response parts.
///
/// - A malformed request (a parser error: bad Content-Length, Content-Length with chunked
///   encoding, a bad chunk, oversized headers, an unknown method, a TLS hello) gets 400, 431 or
///   501 with ProblemDetails and the connection is closed; a request target over the limit
///   gets 414.
/// - A connection that sends nothing for `idleTimeout` while the server waits for a request head
///   or for more of a body is closed (with a 408 when a request was under way). Nothing is
///   expected from the client while its response is being produced, so long responses (event
///   streams, long turns) are never cut.
/// - When the server shuts down, an idle connection closes at once and any other after
///   `shutdownGracePeriod`.
///
/// Once upgraded to a WebSocket the connection only keeps the shutdown deadline; frames pass
/// through untouched.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let limits: ConnectionLimits
    private var requestInProgress = false
    private var responseInProgress = false
    /// Requests received whose response has not ended: from a request's head until its answer's
    /// end, the server owes the client an answer (a long agent turn, a slow command) and the idle
    /// clock does not run.
    private var pendingResponses = 0
    private var upgraded = false
    /// Set once this handler answered or closed the connection itself; later traffic is dropped.
    private var tookOver = false
    /// When the client last sent something, or its last response ended: the idle clock's start.
    private var lastProgress = NIODeadline.now()
    private var idleTimer: Scheduled<Void>?
    private var shutdownTimer: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        updateIdleTimer(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        shutdownTimer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !tookOver else { return }
        // After a WebSocket upgrade the parts are frames' bytes: pass them on.
        guard !upgraded, let part = context.channel._channelCore.tryUnwrapData(data, as: HTTPServerRequestPart.self) else {
            context.fireChannelRead(data)
            return
        }
        switch part {
        case .head(let head):
            if head.uri.utf8.count > limits.maxRequestTargetBytes {
                answer(
                    context: context, status: .uriTooLong, code: "uri_too_long",
                    detail: "the request target is longer than \(limits.maxRequestTargetBytes) bytes")
                return
            }
            requestInProgress = true
            pendingResponses += 1
        case .body:
            break
        case .end:
            requestInProgress = false
        }
        lastProgress = .now()
        updateIdleTimer(context: context)
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !tookOver else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if !upgraded, let part = context.channel._channelCore.tryUnwrapData(data, as: HTTPServerResponsePart.self) {
            switch part {
            case .head(let head):
                if head.status == .switchingProtocols {
                    upgraded = true
                } else {
                    responseInProgress = true
                }
            case .body:
                break
            case .end:
                responseInProgress = false
                pendingResponses = max(0, pendingResponses - 1)
                lastProgress = .now()
            }
            updateIdleTimer(context: context)
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard !tookOver else { return }
        let (status, code): (HTTPResponseStatus, String) =
            switch parserError {
            case .headerOverflow: (.requestHeaderFieldsTooLarge, "headers_too_large")
            case .invalidMethod: (.notImplemented, "method_not_implemented")
            default: (.badRequest, "malformed_request")
            }
        answer(context: context, status: status, code: code, detail: "the request is not valid HTTP/1.1: \(parserError)")
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent { beginShutdown(context: context) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        shutdownTimer?.cancel()
        context.fireChannelInactive()
    }

    /// Whether the server is waiting for the client: for a request head, or for more of a body.
    /// Nothing is expected from it while its response is owed or produced.
    private var awaitsClient: Bool {
        !upgraded && !tookOver && (requestInProgress || pendingResponses == 0)
    }

    /// Keeps one timer running while the server awaits the client, due `idleTimeout` after the
    /// last progress; a timer that fires early (progress was made since) moves itself on.
    private func updateIdleTimer(context: ChannelHandlerContext) {
        guard awaitsClient else {
            idleTimer?.cancel()
            idleTimer = nil
            return
        }
        guard idleTimer == nil else { return }
        let loop = context.eventLoop.assumeIsolated()
        idleTimer = loop.scheduleTask(deadline: lastProgress + TimeAmount(limits.idleTimeout)) { [self] in
            idleTimer = nil
            guard awaitsClient else { return }
            guard NIODeadline.now() >= lastProgress + TimeAmount(limits.idleTimeout) else {
                updateIdleTimer(context: context)
                return
            }
            if requestInProgress && !responseInProgress {
                answer(
                    context: context, status: .requestTimeout, code: "request_timeout",
                    detail: "the rest of the request did not arrive within \(limits.idleTimeout)")
            } else {
                close(context: context)
            }
        }
    }

    private func beginShutdown(context: ChannelHandlerContext) {
        guard !tookOver else { return }
        if !upgraded && pendingResponses == 0 {
            close(context: context)
            return
        }
        let loop = context.eventLoop.assumeIsolated()
        shutdownTimer = loop.scheduleTask(in: TimeAmount(limits.shutdownGracePeriod)) { [self] in
            close(context: context)
        }
    }

    /// Writes a ProblemDetails response of its own and closes the connection.
    private func answer(context: ChannelHandlerContext, status: HTTPResponseStatus, code: String, detail: String) {
        guard !responseInProgress else {
            close(context: context)
            return
        }
        tookOver = true
        idleTimer?.cancel()
        let error = APIError(HTTPResponse.Status(code: Int(status.code)), code: code, detail: detail)
        let body = (try? JSONEncoder().encode(ProblemDetails(error, instance: nil))) ?? Data()
        let headers = HTTPHeaders([
            ("content-type", "application/problem+json"), ("content-length", "\(body.count)"), ("connection", "close"),
        ])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    private func close(context: ChannelHandlerContext) {
        tookOver = true
        idleTimer?.cancel()
        shutdownTimer?.cancel()
        context.close(promise: nil)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
