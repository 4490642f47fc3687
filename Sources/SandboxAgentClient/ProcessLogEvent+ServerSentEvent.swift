public import Foundation
public import SandboxAgentAPI

extension ProcessLogEvent {
    /// Decodes a server-sent event of a followed log (`event: log` or `event: exit` with JSON data);
    /// nil for event types this client does not know.
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
