import AsyncHTTPClient
import NIOHTTP1
public import SandboxAgentAPI

extension SandboxAgentClient {
    /// `GET /v1/processes/{id}/logs?follow=true`: replays the buffered log, then streams live output.
    ///
    /// The stream yields ``ProcessLogEvent/log(_:)`` for each entry and ends after
    /// ``ProcessLogEvent/exit(_:)`` once the process has exited and its output is drained. It also
    /// ends, without an exit event, if the server closes the connection early; heartbeats are skipped.
    /// Request errors (such as an unknown id) are thrown by the stream. Cancelling the consuming task
    /// closes the connection.
    ///
    /// - Parameters:
    ///   - stream: Which output; the server defaults to `pty` for a tty process and `combined` otherwise.
    ///   - tail: Replay only the last `tail` buffered entries.
    ///   - since: Skip entries whose sequence is at most `since`.
    ///   - lastEventId: Resume after this SSE id (the sequence of the last entry seen), as on reconnect.
    public func followProcessLogs(
        id: String, stream: LogStream? = nil, tail: Int? = nil, since: UInt64? = nil, lastEventId: String? = nil
    ) -> AsyncThrowingStream<ProcessLogEvent, any Error> {
        let headers = HTTPHeaders([("Accept", "text/event-stream")] + (lastEventId.map { [("Last-Event-ID", $0)] } ?? []))
        let query: KeyValuePairs<String, String?> = [
            "follow": "true", "stream": stream?.rawValue, "tail": tail.map(String.init), "since": since.map(String.init),
        ]
        let path = Self.processPath(id, "logs")
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let response = try await send(.GET, path, query: query, headers: headers)
                    var parser = ServerSentEventParser()
                    try await forEachChunk(of: response) { chunk in
                        for event in parser.parse(chunk) {
                            guard let logEvent = try decodeLogEvent(event, status: Int(response.status.code)) else {
                                continue
                            }
                            continuation.yield(logEvent)
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Decodes one server-sent event of a followed log, reporting bad JSON as an invalid response.
    private func decodeLogEvent(_ event: ServerSentEvent, status: Int) throws -> ProcessLogEvent? {
        do {
            return try ProcessLogEvent(event)
        } catch {
            throw SandboxAgentClientError(invalidResponse: error, status: status)
        }
    }
}
