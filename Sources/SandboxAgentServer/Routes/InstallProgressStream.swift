import AgentInstall
import AgentSessions
import Foundation
import Hummingbird
import SandboxAgentAPI
import Synchronization

/// `POST /v1/agents/{agent}/install` with `Accept: text/event-stream`: the install's steps as
/// Server-Sent Events (`progress`, then one `result` or `error`), so a client can show a progress
/// bar. An install that fails before its first step (unknown agent, bad version) is a plain
/// ProblemDetails answer, as without the header. The install runs to its end even when the client
/// goes away: a half-installed agent helps nobody, and the next request finds it installed.
struct InstallProgressStream {
    /// What the install task reports, in order.
    private enum Report: Sendable {
        case step(InstallProgress)
        case finished(Result<AgentInstallResponse, AgentSessionError>)
    }

    /// Whether the client asked for the stream.
    static func isWanted(by request: Request) -> Bool {
        request.headers[.accept]?.contains("text/event-stream") ?? false
    }

    static func response(
        installing agent: String, options: InstallOptions, provider: AgentProvider, instance: String
    ) async throws -> Response {
        // Every report is kept until sent: a few per phase, and downloads are thinned by `Throttle`.
        let (reports, report) = AsyncStream.makeStream(of: Report.self)
        let (started, start) = AsyncStream.makeStream(of: AgentSessionError?.self)
        let throttle = Throttle()
        Task {
            let result: Result<AgentInstallResponse, AgentSessionError>
            do throws(AgentSessionError) {
                result = .success(
                    try await provider.install(agent, options: options) { progress in
                        guard throttle.admits(progress) else { return }
                        start.yield(nil)
                        report.yield(.step(progress))
                    })
            } catch {
                result = .failure(error)
            }
            if case .failure(let error) = result { start.yield(error) } else { start.yield(nil) }
            start.finish()
            report.yield(.finished(result))
            report.finish()
        }
        // The first of: a step (the stream begins), or the end (an early failure is a plain answer).
        for await earlyFailure in started {
            if let earlyFailure { throw earlyFailure }
            break
        }
        let messages = reports.compactMap { report -> String? in
            switch report {
            case .step(let progress):
                guard let step = AgentInstallProgress(progress) else { return nil }
                return ServerSentEvents.Message(event: "progress", data: JSONBody.string(step)).encoded
            case .finished(.success(let result)):
                return ServerSentEvents.Message(event: "result", data: JSONBody.string(result)).encoded
            case .finished(.failure(let error)):
                let problem = ProblemDetails(APIError(mapping: error), instance: instance)
                return ServerSentEvents.Message(event: "error", data: JSONBody.string(problem)).encoded
            }
        }
        return ServerSentEvents.response(messages)
    }

    /// Lets through every step except downloads, which pass at most once per whole percent (or
    /// per 4 MB when the size is unknown), plus the first and the last.
    private final class Throttle: Sendable {
        private let lastSent = Mutex<Int64>(-1)

        func admits(_ progress: InstallProgress) -> Bool {
            guard case .downloading(let received, let total) = progress else { return true }
            let bucket = total.map { $0 > 0 ? received * 100 / $0 : 100 } ?? received >> 22
            let isLast = total.map { received >= $0 } ?? false
            return lastSent.withLock { last in
                guard bucket != last || isLast || received == 0 else { return false }
                last = bucket
                return true
            }
        }
    }
}

extension AgentInstallProgress {
    /// The wire shape of `progress`; nil for `installed`, which the `result` event carries.
    init?(_ progress: InstallProgress) {
        switch progress {
        case .resolving(let source): self.init(phase: .resolving, source: source)
        case .downloading(let received, let total): self.init(phase: .downloading, receivedBytes: received, totalBytes: total)
        case .unpacking: self.init(phase: .unpacking)
        case .installed: return nil
        }
    }
}
