import AgentInstall
import Foundation
import SandboxAgentAPI
import Synchronization

/// Shows an install's progress on standard error: a bar redrawn in place on a terminal, a line
/// per step (and per quarter of the download) otherwise, so logs stay short.
final class InstallProgressDisplay: Sendable {
    private struct State {
        var lastQuarter = 0
        var drewBar = false
    }

    private let agent: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let state = Mutex(State())

    init(agent: String) { self.agent = agent }

    func show(_ progress: InstallProgress) {
        switch progress {
        case .resolving(let source):
            line("\(agent): resolving \(source)")
        case .downloading(let received, let total):
            download(received, total)
        case .unpacking:
            line("\(agent): unpacking")
        case .installed:
            break
        }
    }

    /// Ends a bar drawn in place with a newline.
    func finish() {
        let drew = state.withLock { state in
            defer { state.drewBar = false }
            return state.drewBar
        }
        if drew { Console.write(Data("\n".utf8), to: .standardError) }
    }

    private func download(_ received: Int64, _ total: Int64?) {
        let size = Self.megabytes(received)
        guard let total, total > 0 else {
            if isTerminal { redraw("\(agent): downloading \(size)") }
            return
        }
        let fraction = min(1, Double(received) / Double(total))
        if isTerminal {
            let filled = Int(fraction * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
            redraw("\(agent): [\(bar)] \(Int(fraction * 100))% \(size) of \(Self.megabytes(total))")
        } else {
            let quarter = Int(fraction * 4)
            let isNew = state.withLock { state in
                defer { state.lastQuarter = max(state.lastQuarter, quarter) }
                return quarter > state.lastQuarter
            }
            if isNew { line("\(agent): downloaded \(quarter * 25)% (\(size) of \(Self.megabytes(total)))") }
        }
    }

    private func redraw(_ text: String) {
        state.withLock { $0.drewBar = true }
        Console.write(Data(("\r\u{1B}[K" + text).utf8), to: .standardError)
    }

    private func line(_ text: String) {
        finish()
        Console.error(text)
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}

extension InstallProgress {
    /// A step the server streamed (`sandbox-agent api agents install`), shown like a local one;
    /// nil for a phase this build does not know (a newer server's), which is not shown.
    init?(_ step: AgentInstallProgress) {
        switch step.phase {
        case .resolving: self = .resolving(source: step.source ?? "")
        case .downloading: self = .downloading(received: step.receivedBytes ?? 0, total: step.totalBytes)
        case .unpacking: self = .unpacking
        case .unknown: return nil
        }
    }
}
