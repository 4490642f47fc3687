import ACP
import Foundation
import Glibc
import ProcessRuntime
import SandboxAgentAPI

/// A command an agent runs through `terminal/create`, backed by the process runtime.
struct Terminal: Sendable {
    let process: ManagedProcess
    let outputByteLimit: Int?

    /// The combined output, cut from the start (on a character boundary) to the byte limit, and
    /// how the command ended once it did.
    func output() -> TerminalOutputResult {
        let bytes = process.logs(.combined).reduce(into: Data()) { data, entry in
            data.append(Data(base64Encoded: entry.data) ?? Data())
        }
        var text = String(decoding: bytes, as: UTF8.self)
        var truncated = false
        if let limit = outputByteLimit, text.utf8.count > limit {
            truncated = true
            var index = text.utf8.index(text.utf8.endIndex, offsetBy: -limit)
            while !text.unicodeScalars.indices.contains(index) && index < text.endIndex { index = text.utf8.index(after: index) }
            text = String(text[index...])
        }
        let record = process.record
        return TerminalOutputResult(output: text, truncated: truncated, exitStatus: record.status == .exited ? Self.exitStatus(record) : nil)
    }

    func waitForExit() async -> TerminalExitStatus {
        Self.exitStatus(await process.waitUntilExited())
    }

    func kill() {
        process.signal(SIGKILL)
    }

    static func exitStatus(_ record: ProcessRecord) -> TerminalExitStatus {
        TerminalExitStatus(exitCode: record.exitCode.map(Int.init), signal: record.signal.map(SignalName.of))
    }
}

/// The terminals of one session, by id.
struct TerminalRegistry: Sendable {
    private var terminals: [String: Terminal] = [:]
    private var next = 1

    subscript(id: String) -> Terminal? { terminals[id] }

    mutating func add(_ terminal: Terminal) -> String {
        let id = "term_\(next)"
        next += 1
        terminals[id] = terminal
        return id
    }

    /// Forgets a terminal; the caller stops it (`Terminal.release`).
    mutating func remove(_ id: String) -> Terminal? {
        terminals.removeValue(forKey: id)
    }

    /// Forgets every terminal.
    mutating func removeAll() -> [Terminal] {
        defer { terminals.removeAll() }
        return Array(terminals.values)
    }
}

extension Terminal {
    /// Kills the command if it still runs and drops its record.
    func release(processes: ProcessManager) async {
        process.signal(SIGKILL)
        await process.waitUntilExited(timeout: .seconds(5))
        try? processes.remove(process.id)
    }
}

/// Signal names as ACP reports them (`SIGKILL`).
enum SignalName {
    static func of(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGKILL: "SIGKILL"
        case SIGTERM: "SIGTERM"
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGPIPE: "SIGPIPE"
        default: "SIG\(signal)"
        }
    }
}
