import Foundation

/// The desktop's own log (`<stateDir>/desktop-runtime.log`): one timestamped line per lifecycle
/// event (start, probe, restart, stop, failure), appended, for users debugging a broken desktop.
final class RuntimeLog {
    let path: String
    private let handle: FileHandle?

    init(path: String) {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)  // a failure leaves `handle` nil
        }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    deinit { try? handle?.close() }

    func write(_ message: String) {
        let line = "\(Date().ISO8601Format(.iso8601.year().month().day().time(includingFractionalSeconds: true))) \(message)\n"
        try? handle?.write(contentsOf: Data(line.utf8))
    }
}
