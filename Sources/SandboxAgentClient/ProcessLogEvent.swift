public import Foundation
public import ProcessRuntime

/// One event of a followed process log (`GET /v1/processes/{id}/logs?follow=true`).
public enum ProcessLogEvent: Sendable, Equatable {
    /// A chunk of output (`event: log`).
    case log(ProcessLogEntry)
    /// The process exited and its output is drained (`event: exit`); the stream ends after it.
    case exit(ProcessRecord)

    /// Decodes a server-sent event; nil for event types this client does not know.
    init?(_ event: ServerSentEvent) throws {
        let data = Data(event.data.utf8)
        switch event.event {
        case "log": self = .log(try JSONDecoder().decode(ProcessLogEntry.self, from: data))
        case "exit": self = .exit(try JSONDecoder().decode(ProcessRecord.self, from: data))
        default: return nil
        }
    }
}

extension ProcessLogEntry {
    /// The output bytes (``data`` decoded from base64); nil if the server sent invalid base64.
    public var decodedData: Data? {
        Data(base64Encoded: data)
    }
}
