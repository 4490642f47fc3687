import Foundation

/// Writes whole diagnostic lines to stderr.
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
