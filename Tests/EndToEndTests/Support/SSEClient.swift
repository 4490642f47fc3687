import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SandboxAgentClient

/// A raw SSE connection: the status, then events as they arrive (heartbeat comments skipped).
final class SSEClient: Sendable {
    let status: Int
    let events: AsyncThrowingStream<ServerSentEvent, any Error>
    private let task: Task<Void, Never>

    private init(status: Int, events: AsyncThrowingStream<ServerSentEvent, any Error>, task: Task<Void, Never>) {
        self.status = status
        self.events = events
        self.task = task
    }

    static func open(_ url: String, token: String? = nil, lastEventID: String? = nil) async throws -> SSEClient {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await HTTPClient.shared.execute(request, deadline: .distantFuture)
        let (events, continuation) = AsyncThrowingStream.makeStream(of: ServerSentEvent.self)
        let task = Task {
            var parser = ServerSentEventParser()
            do {
                for try await buffer in response.body {
                    for event in parser.parse(buffer) { continuation.yield(event) }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return SSEClient(status: Int(response.status.code), events: events, task: task)
    }

    /// Closes the connection.
    func cancel() {
        task.cancel()
    }
}
