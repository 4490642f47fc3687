public import ACP
import Foundation

/// Encodes outgoing messages as one line of JSON with sorted keys, so that two runs of the mock
/// write byte-identical output (plain dictionary order varies from process to process).
enum WireEncoding {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func line(_ message: JSONRPCMessage) -> String {
        guard let data = try? encoder.encode(message) else { return message.line() }
        return String(decoding: data, as: UTF8.self)
    }
}
