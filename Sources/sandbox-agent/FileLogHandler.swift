import Foundation
import Glibc
import Logging
import Synchronization

/// `<dir>/sandbox-agent.log`, rotated by size: when a line would take the file past `maxBytes`,
/// `sandbox-agent.log.(N-1)` is dropped, each `.k` becomes `.k+1`, the log becomes `.1`, and a
/// new log is started; at most `maxFiles` files exist (the log and `maxFiles - 1` rotated ones).
final class RotatingLogFile: Sendable {
    let path: String
    let maxBytes: Int
    let maxFiles: Int
    private struct State {
        var descriptor: Int32
        var size: Int
    }
    private let state: Mutex<State>

    /// Creates `directory` if needed and opens its log for appending.
    init(directory: String, maxBytes: Int = 10 << 20, maxFiles: Int = 5) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/sandbox-agent.log"
        self.maxBytes = max(1, maxBytes)
        self.maxFiles = max(1, maxFiles)
        let descriptor = try RotatingLogFile.open(path)
        let size = max(0, Int(lseek(descriptor, 0, SEEK_END)))
        state = Mutex(State(descriptor: descriptor, size: size))
    }

    deinit {
        state.withLock { _ = close($0.descriptor) }
    }

    private static func open(_ path: String) throws -> Int32 {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw LogFileError(description: "cannot open log file \(path): \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    /// Appends `line`, rotating first when it would not fit.
    func write(_ line: String) {
        let bytes = Array(line.utf8)
        state.withLock { state in
            if state.size > 0 && state.size + bytes.count > maxBytes { rotate(&state) }
            if state.descriptor < 0 { state.descriptor = (try? RotatingLogFile.open(path)) ?? -1 }
            guard state.descriptor >= 0 else { return }
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(state.descriptor, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
            state.size += bytes.count
        }
    }

    private func rotate(_ state: inout State) {
        close(state.descriptor)
        if maxFiles > 1 {
            unlink("\(path).\(maxFiles - 1)")
            for index in stride(from: maxFiles - 2, through: 1, by: -1) {
                rename("\(path).\(index)", "\(path).\(index + 1)")
            }
            rename(path, "\(path).1")
        } else {
            unlink(path)
        }
        state.descriptor = (try? RotatingLogFile.open(path)) ?? -1
        state.size = 0
    }
}

struct LogFileError: Error, CustomStringConvertible {
    var description: String
}

/// A swift-log handler writing `StreamLogHandler`'s line format to a `RotatingLogFile`.
struct FileLogHandler: LogHandler {
    let label: String
    let file: RotatingLogFile
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        if let error = event.error { all["error"] = "\(error)" }
        let rendered = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        file.write("\(Self.timestamp()) \(event.level) \(label) :\(rendered) [\(event.source)] \(event.message)\n")
    }

    /// ISO 8601 in UTC with milliseconds.
    private static func timestamp() -> String {
        Date.now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
