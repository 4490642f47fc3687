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
/// Each viewer runs its own loop: take the screen (only the rectangles DAMAGE reports drawn on),
/// diff it against the image this viewer shows, send what changed (solid rectangles as fills,
/// the rest as JPEG), encoded once for all viewers at the same image; then sleep until X reports
/// a change (drawing or a new pointer shape, `X11Desktop.changes`), at most `fps` times a
/// second. A still screen costs no capture; only the pointer's position is asked for between
/// changes (`pointerCheck`), as a pointer warped by another client raises no event. The write waits
/// for the viewer's socket, so a slow viewer simply skips to the newest screen (latest frame
/// wins): nothing queues up, and other viewers and the API never wait for it.
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

    /// How often the pointer's position is asked for while nothing changes, and for how long
    /// after it last moved it is asked at the frame rate instead. Pointer input through the API
    /// or a viewer wakes the viewers at once; only a pointer another X client warped waits for a
    /// check (each costs about 0.35 ms of CPU in thread wake-ups on this 2-core machine).
    static let pointerCheck: (idle: Duration, activeFor: Duration) = (.milliseconds(250), .seconds(1))

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
            let stopped = try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    group.addTask { try await pumpFrames(options.settings, fps: fps, to: outbound); return false }
                    group.addTask { try await pumpInput(from: inbound, into: input, replies: outbound); return false }
                    group.addTask { await stream.waitUntilStopped(epoch: epoch); return !Task.isCancelled }
                    defer { group.cancelAll() }
                    return try await group.next() ?? false
                }
            }
            if stopped { try await outbound.write(.text(LiveViewWire.text(LiveViewWire.End(reason: "the live view was stopped")))) }
        }
    }

    /// The recorder of `session`, else of the desktop's owner when that session still exists.
    private func recorder(for session: String?) async throws -> DesktopActionRecorder? {
        if let session { return try await DesktopActionRecorder(sessionHeader: session, sessions: sessions, screenshots: screenshots) }
        return try? await DesktopActionRecorder(sessionHeader: owner.sessionId, sessions: sessions, screenshots: screenshots)
    }

    private func pumpFrames(_ settings: LiveViewSettings, fps: Int, to outbound: WebSocketOutboundWriter) async throws {
        let canvas = LiveViewCanvas(settings: settings)
        let interval = Duration.seconds(1) / fps
        var cursor: ScreenPoint?
        var shape: UInt?
        var seq = 0
        var pointerMoved = ContinuousClock.now
        while true {
            let taken = ContinuousClock.now
            let desktop: X11Desktop, live: LiveFrame, update: LiveViewUpdate?
            do {
                desktop = try await manager.activeDesktop()
                live = try await desktop.liveFrame(since: canvas.generation)
                stream.countCapture()
                // The captured frame is released on return, so the next capture can patch it in place.
                update = try await LiveViewEncoder.advance(canvas, to: live.frame, changed: live.changedArea, shared: stream.updates)
            } catch {
                return try await end(outbound, error)
            }
            if let newShape = live.cursor, newShape.serial != shape {
                try await outbound.write(.text(LiveViewWire.text(LiveViewWire.CursorShape(newShape))))
                shape = newShape.serial
            }
            if let update {
                seq += 1
                try await outbound.write(.binary(LiveViewWire.frame(update, seq: seq, cursor: live.pointer)))
            } else if live.pointer != cursor {
                try await outbound.write(.text(LiveViewWire.text(LiveViewWire.Cursor(x: live.pointer.x, y: live.pointer.y))))
            }
            if live.pointer != cursor { pointerMoved = .now }
            cursor = live.pointer
            if let seen = live.changes {
                // Until X reports a change, only the pointer's position is asked for.
                while true {
                    let moved: ScreenPoint?
                    do {
                        moved = try await desktop.nextChange(
                            after: seen, pointer: cursor, pointerCheck: (interval, pointerMoved + Self.pointerCheck.activeFor, Self.pointerCheck.idle))
                    } catch {
                        return try await end(outbound, error)
                    }
                    try Task.checkCancellation()
                    guard let pointer = moved else { break }
                    try await outbound.write(.text(LiveViewWire.text(LiveViewWire.Cursor(x: pointer.x, y: pointer.y))))
                    cursor = pointer
                    pointerMoved = .now
                }
            }
            // At most `fps` captures a second, on ticks of the stream's clock, so viewers at the
            // same cap take the same screens and share their encoding. A slow viewer skips ahead,
            // never queues.
            if ContinuousClock.now < taken + interval {
                try await Task.sleep(until: stream.nextTick(every: interval, after: taken + interval / 2))
            }
        }
    }

    /// Tells the viewer why its stream ends.
    private func end(_ outbound: WebSocketOutboundWriter, _ error: any Error) async throws {
        try await outbound.write(.text(LiveViewWire.text(LiveViewWire.End(reason: APIError(mapping: error).detail))))
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
