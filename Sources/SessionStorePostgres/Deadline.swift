import Synchronization

/// Runs `body`, or throws `PostgresStoreError.query` when it takes longer than `deadline`. On
/// time-out `body` is cancelled but not waited for: a connection lease waiting for a database
/// that is down may not end at once, and the caller must learn of the outage now. (Whatever
/// `body` still does is harmless to retry: see `PostgresSessionStore.appendEvents`.)
func withDeadline(_ deadline: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
    let race = DeadlineRace()
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        race.start(continuation)
        let timer = Task {
            try await Task.sleep(for: deadline)
            race.finish(.failure(PostgresStoreError.query("no answer from the database within \(deadline)")))
        }
        race.work(Task {
            let result: Result<Void, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            timer.cancel()
            race.finish(result)
        })
    }
}

/// The continuation of a `withDeadline`, resumed once by whichever of the work and the timer
/// ends first; the timer's win cancels the work.
private final class DeadlineRace: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, any Error>?
        var work: Task<Void, Never>?
        var finished = false
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Void, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func work(_ task: Task<Void, Never>) {
        let cancel = state.withLock { state -> Bool in
            state.work = task
            return state.finished
        }
        if cancel { task.cancel() }
    }

    func finish(_ result: Result<Void, any Error>) {
        let (continuation, work) = state.withLock { state in
            defer { state.continuation = nil; state.finished = true }
            return (state.continuation, state.work)
        }
        guard let continuation else { return }
        if case .failure = result { work?.cancel() }
        continuation.resume(with: result)
    }
}
