import Foundation
import ProcessRuntime
import SandboxAgentAPI

/// A program the desktop keeps running (Xvfb, the window manager): its current process and how
/// often it was restarted.
struct SupervisedProgram {
    var name: String
    var process: ManagedProcess
    var restarts = 0

    var info: DesktopProcessInfo {
        let record = process.record
        return DesktopProcessInfo(
            name: name, pid: record.pid, running: record.status == .running, processId: process.id, restarts: restarts)
    }

    /// The last lines the program printed, for error messages.
    func outputTail(lines: Int = 8) -> String {
        let text = process.logs(.combined, tail: lines)
            .compactMap { Data(base64Encoded: $0.data).map { String(decoding: $0, as: UTF8.self) } }
            .joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(no output)" : text
    }
}
