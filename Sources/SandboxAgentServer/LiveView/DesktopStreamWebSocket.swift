import AgentSessions
import Foundation
import DesktopRuntime
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import ServiceLifecycle

/// `GET /v1/desktop/stream/ws`: the live view of the desktop and, for a viewer in control, its
/// pointer and keyboard (docs/api.md, "Live view").
///
/// Each viewer runs its own loop at its frame-rate cap: take the screen (no capture when DAMAGE
/// reports nothing drawn), diff it against the image this viewer shows, send what changed (solid
/// rectangles as fills, the rest as JPEG), encoded once for all viewers at the same image.
/// The write waits for the viewer's socket, so a slow viewer simply skips to the newest screen
/// (latest frame wins): nothing queues up, and other viewers and the API never wait for it.
struct DesktopStreamWebSocket {
    let manager: DesktopManager
    let stream: DesktopStream
    let sessions: SessionManager
    let screenshots: SessionScreenshots
    let owner: DesktopOwner

    /// The viewer's query: `fps` (1–60, default the desktop's `streamFrameRate`), `quality` (1–100, default 70), `scale` (0.1–1,
    /// default 1), `control` (default true), `session` (whose transcript records the input;
    /// default the session that owns the desktop).
    private struct Options {
        var fps: Int?
        var settings: LiveViewSettings
        var control: Bool
        var session: String?

        init(_ query: QueryParameters) throws {
            fps = try query.int("fps", range: 1...60)
            let scale = try query.double("scale") ?? 1
            guard (0.1...1).contains(scale) else { throw DesktopError.invalid("scale", "must be between 0.1 and 1") }
            settings = LiveViewSettings(quality: try query.int("quality", range: 1...100) ?? 70, scale: scale)
            control = try query.bool("control") ?? true
            session = query.string("session")
        }
    }

    func register(on routes: RouteTable) {
        routes.webSocket("/v1/desktop/stream/ws") { inbound, outbound, context in
            let options = try Options(context.request.query)
            let desktop = try await manager.activeDesktop()
            let defaultFps = try await manager.defaultRates().streamFrameRate
            let fps = options.fps ?? defaultFps
            let recorder = try await recorder(for: options.session)
            guard let epoch = stream.join() else {
                throw APIError(.conflict, code: "conflict", detail: "the live view is off; POST /v1/desktop/stream/start first")
            }
            defer { stream.leave() }
            let (screenWidth, screenHeight) = await desktop.screenSize()
            let (width, height) = options.settings.imageSize(screenWidth: screenWidth, screenHeight: screenHeight)
            try await outbound.write(.text(LiveViewWire.text(LiveViewWire.Ready(
                screenWidth: screenWidth, screenHeight: screenHeight, width: width, height: height, scale: options.settings.scale,
                fps: fps, quality: options.settings.quality, control: options.control,
                jpegTables: Data(JPEGTables.tables(quality: options.settings.quality)).base64EncodedString()))))
            let input = HumanInput(manager: manager, control: options.control, recorder: recorder)
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await pumpFrames(options.settings, fps: fps, epoch: epoch, to: outbound) }
                    group.addTask { try await pumpInput(from: inbound, into: input, replies: outbound) }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    /// The recorder of `session`, else of the desktop's owner when that session still exists.
    private func recorder(for session: String?) async throws -> DesktopActionRecorder? {
        if let session { return try await DesktopActionRecorder(sessionHeader: session, sessions: sessions, screenshots: screenshots) }
        return try? await DesktopActionRecorder(sessionHeader: owner.sessionId, sessions: sessions, screenshots: screenshots)
    }

    private func pumpFrames(_ settings: LiveViewSettings, fps: Int, epoch: Int, to outbound: WebSocketOutboundWriter) async throws {
        let canvas = LiveViewCanvas(settings: settings)
        var cursor: ScreenPoint?
        var shape: UInt?
        var seq = 0
        while !Task.isCancelled {
            guard stream.isOn(epoch: epoch) else {
                try await outbound.write(.text(LiveViewWire.text(LiveViewWire.End(reason: "the live view was stopped"))))
                return
            }
            let next: (update: LiveViewUpdate?, pointer: ScreenPoint, shape: LiveViewCursor?)
            do {
                next = try await nextUpdate(canvas)
            } catch {
                try await outbound.write(.text(LiveViewWire.text(LiveViewWire.End(reason: APIError(mapping: error).detail))))
                return
            }
            if let newShape = next.shape, newShape.serial != shape {
                try await outbound.write(.text(LiveViewWire.text(LiveViewWire.CursorShape(newShape))))
                shape = newShape.serial
            }
            let pointer = next.pointer
            if let update = next.update {
                seq += 1
                try await outbound.write(.binary(LiveViewWire.frame(update, seq: seq, cursor: pointer)))
            } else if pointer != cursor {
                try await outbound.write(.text(LiveViewWire.text(LiveViewWire.Cursor(x: pointer.x, y: pointer.y))))
            }
            cursor = pointer
            // The next tick, or the one after when sending took longer (a slow viewer skips ahead,
            // never queues). Ticks are on the stream's clock, so viewers at the same cap take the
            // same screens and share their encoding.
            try await Task.sleep(until: stream.nextTick(every: .seconds(1) / fps))
        }
    }

    /// Takes the screen and brings `canvas` to it. The captured frame is released on return, so
    /// the next capture can patch it in place.
    private func nextUpdate(_ canvas: LiveViewCanvas) async throws -> (LiveViewUpdate?, ScreenPoint, LiveViewCursor?) {
        let live = try await manager.activeDesktop().liveFrame(since: canvas.generation)
        let update = try await LiveViewEncoder.advance(canvas, to: live.frame, changedRows: live.changedRows, shared: stream.updates)
        return (update, live.pointer, live.cursor)
    }

    private func pumpInput(from inbound: WebSocketInboundStream, into input: HumanInput, replies outbound: WebSocketOutboundWriter) async throws {
        for try await message in inbound.messages(maxSize: 1 << 16) {
            guard case .text(let text) = message else {
                try await outbound.write(.text(LiveViewWire.text(LiveViewWire.Failure(
                    status: 400, code: "invalid_request", message: "binary messages are not accepted; send JSON text"))))
                continue
            }
            if let failure = await input.handle(text) { try await outbound.write(.text(LiveViewWire.text(failure))) }
        }
    }
}
