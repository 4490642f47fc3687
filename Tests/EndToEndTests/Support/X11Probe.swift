import Foundation
import Glibc
import Synchronization
import TestThreads

/// `Tests/Fixtures/x11-probe/x11_probe.py`: an independent X client (python-xlib) that paints
/// known pixels, records the input it receives, shows windows and owns or reads selections.
/// Its stdout is one JSON object per line; the first is `{"event":"ready",...}`.
final class X11Probe: Sendable {
    static let script: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/x11-probe/x11_probe.py")

    private struct State {
        var lines: [String] = []
        var exited = false
        var stderr = ""
    }

    private let state = Mutex(State())
    private let process: Process
    private let input: Pipe
    private let mode: String

    /// Starts the probe in `mode` on `display` and waits (10 s at most) until it is ready.
    static func start(_ mode: String, _ arguments: [String], display: String) async throws -> X11Probe {
        let probe = try X11Probe(mode: mode, arguments: arguments, display: display)
        do {
            _ = try await probe.waitForReady()
        } catch {
            probe.stop()
            throw error
        }
        return probe
    }

    /// The ready line.
    var ready: JSONObject {
        get throws { try JSONObject(state.withLock { $0.lines.first } ?? "{}") }
    }

    private func waitForReady() async throws -> JSONObject {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            if let line = state.withLock({ $0.lines.first }) {
                let ready = try JSONObject(line)
                guard ready.string("event") == "ready" else { throw TestFailure("probe \(mode) did not start: \(line)") }
                return ready
            }
            if state.withLock({ $0.exited }) || ContinuousClock.now > deadline {
                stop()
                try await Task.sleep(for: .milliseconds(100))
                throw TestFailure("probe \(mode) not ready: \(state.withLock { $0.stderr })")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private init(mode: String, arguments: [String], display: String) throws {
        self.mode = mode
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script.path, mode, "--display", display, "--timeout", "120"] + arguments
        input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputHandle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            var buffer = Data()
            while true {
                let chunk = outputHandle.readChunk()
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[..<newline], as: UTF8.self)
                    state.withLock { $0.lines.append(line) }
                    buffer.removeSubrange(...newline)
                }
            }
            state.withLock { $0.exited = true }
        }
        let errorHandle = errors.fileHandleForReading
        Thread.detachNewThread { [self] in
            let data = errorHandle.readRemaining()
            state.withLock { $0.stderr = String(decoding: data, as: UTF8.self) }
        }
    }

    /// Every event line so far after the ready line.
    var events: [JSONObject] {
        state.withLock { Array($0.lines.dropFirst()) }.compactMap { try? JSONObject($0) }
    }

    /// Waits until `condition` holds for the events so far (10 s at most).
    @discardableResult
    func waitFor(_ what: String, timeout: Duration = .seconds(30), _ condition: ([JSONObject]) -> Bool) async throws -> [JSONObject] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let events = self.events
            if condition(events) { return events }
            if ContinuousClock.now > deadline {
                throw TestFailure("probe: timed out waiting for \(what); events: \(events.map(\.description).suffix(20))")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Ends the probe (closes its stdin, then SIGTERM).
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }

    deinit { stop() }
}

/// A parsed JSON object line with typed accessors.
struct JSONObject: Sendable, CustomStringConvertible {
    let text: String
    private let values: [String: JSONScalar]

    init(_ text: String) throws {
        self.text = text
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(text)")
        }
        values = object.mapValues(JSONScalar.init)
    }

    func string(_ key: String) -> String? { values[key]?.string }
    func int(_ key: String) -> Int? { values[key]?.int }
    func ints(_ key: String) -> [Int] { values[key]?.ints ?? [] }
    var description: String { text }
}

/// The scalar (or int list) values the probe prints.
enum JSONScalar: Sendable {
    case string(String), number(Double), ints([Int]), other

    init(_ value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let number as NSNumber: self = .number(number.doubleValue)
        case let list as [Any]: self = .ints(list.compactMap { ($0 as? NSNumber)?.intValue })
        default: self = .other
        }
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var int: Int? { if case .number(let value) = self { Int(value) } else { nil } }
    var ints: [Int]? { if case .ints(let list) = self { list } else { nil } }
}
