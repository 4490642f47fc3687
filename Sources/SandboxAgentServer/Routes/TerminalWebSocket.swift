import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import ProcessRuntime
import SandboxAgentAPI
import ServiceLifecycle

/// `GET /v1/processes/{id}/terminal/ws`: an interactive PTY over a WebSocket.
///
/// Server → client: text `{"type":"ready","processId"}`, binary frames of raw PTY output (the
/// buffered history first), `{"type":"exit","exitCode"}`, `{"type":"error","message"}`.
/// Client → server: text `{"type":"input","data","encoding"?}`, `{"type":"resize","cols","rows"}`,
/// `{"type":"close"}`; a binary frame is answered with an error frame. A refused connection
/// (bad token, unknown process, not a tty) gets an error frame with `status` and `code`, then a
/// close frame with code `4000 + status`.
struct TerminalWebSocket {
    let manager: ProcessManager

    private struct ClientFrame: Decodable {
        var type: String
        var data: String?
        var encoding: InputEncoding?
        var cols: Int?
        var rows: Int?
    }

    private struct ServerFrame: Encodable {
        var type: String
        var processId: String?
        var exitCode: Int32?
        var signal: Int32?
        var message: String?
    }

    func register(on routes: RouteTable) {
        routes.webSocket("/v1/processes/:id/terminal/ws") { inbound, outbound, context in
            let process = try manager.process(try context.requestContext.processID())
            guard process.isTTY else {
                throw APIError(.conflict, code: "conflict", detail: "process \(process.id) is not a tty (start it with tty: true)")
            }
            try await send(ServerFrame(type: "ready", processId: process.id), to: outbound)
            // Both pumps end when the process is over, the client closes, or the server shuts down.
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await pumpOutput(of: process, to: outbound) }
                    group.addTask { try await pumpInput(from: inbound, to: process, replies: outbound) }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    private func pumpOutput(of process: ManagedProcess, to outbound: WebSocketOutboundWriter) async throws {
        for await event in process.follow(.pty) {
            switch event {
            case .log(let entry):
                guard let bytes = Data(base64Encoded: entry.data) else { continue }
                try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
            case .exit(let record):
                try await send(ServerFrame(type: "exit", exitCode: record.exitCode, signal: record.signal), to: outbound)
            }
        }
    }

    private func pumpInput(
        from inbound: WebSocketInboundStream, to process: ManagedProcess, replies outbound: WebSocketOutboundWriter
    ) async throws {
        for try await message in inbound.messages(maxSize: 1 << 20) {
            guard case .text(let text) = message else {
                try await send(ServerFrame(type: "error", message: "binary frames are not accepted; send {\"type\":\"input\",\"data\":…}"), to: outbound)
                continue
            }
            do {
                let frame = try JSONDecoder().decode(ClientFrame.self, from: Data(text.utf8))
                switch frame.type {
                case "input":
                    let bytes = try ProcessRoutes.decodeInput(frame.data ?? "", encoding: frame.encoding ?? .utf8, field: "data")
                    try await process.write(ByteBuffer(bytes: bytes))
                case "resize":
                    try process.resize(TerminalSize(cols: frame.cols ?? 0, rows: frame.rows ?? 0))
                case "close":
                    return
                default:
                    throw APIError.invalidRequest("unknown frame type '\(frame.type)'; expected input, resize or close")
                }
            } catch {
                try await send(ServerFrame(type: "error", message: APIError(mapping: error).detail), to: outbound)
            }
        }
    }

    private func send(_ frame: ServerFrame, to outbound: WebSocketOutboundWriter) async throws {
        let data = try JSONEncoder().encode(frame)
        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
    }
}
