import Foundation
import NIOCore
import SandboxAgentAPI
import Synchronization

/// The record, log and followers of one long-lived process. It is the output sink of the child,
/// so everything the child prints lands here and is fanned out to followers in order.
final class ProcessJournal: ProcessOutputSink {
    private struct State {
        var record: ProcessRecord
        var log: LogBuffer
        var followers: [Int: Follower] = [:]
        var nextFollower = 0
    }

    private struct Follower {
        var filter: LogStream
        var continuation: AsyncStream<ProcessLogEvent>.Continuation
    }

    private let state: Mutex<State>
    private let onTerminated: @Sendable () -> Void
    /// When set, stdout bypasses the log and goes here, raw and in order; finished at termination.
    private let stdoutTap: AsyncStream<ByteBuffer>.Continuation?

    init(
        record: ProcessRecord, logCapacity: Int, stdoutTap: AsyncStream<ByteBuffer>.Continuation? = nil,
        onTerminated: @escaping @Sendable () -> Void
    ) {
        self.state = Mutex(State(record: record, log: LogBuffer(capacity: logCapacity)))
        self.stdoutTap = stdoutTap
        self.onTerminated = onTerminated
    }

    var record: ProcessRecord { state.withLock { $0.record } }

    func started(pid: Int32) {
        state.withLock { $0.record.pid = pid }
    }

    func receive(_ stream: LogStream, _ bytes: ByteBuffer) {
        if stream == .stdout, let stdoutTap {
            stdoutTap.yield(bytes)
            return
        }
        let now = Clock.nowMs()
        let overflowing = state.withLock { state -> [AsyncStream<ProcessLogEvent>.Continuation] in
            let chunk = state.log.append(stream, bytes, timestampMs: now)
            guard !state.followers.isEmpty else { return [] }
            let entry = chunk.entry
            var overflowing: [AsyncStream<ProcessLogEvent>.Continuation] = []
            for (key, follower) in state.followers where follower.filter.includes(stream) {
                if case .dropped = follower.continuation.yield(.log(entry)) {
                    state.followers.removeValue(forKey: key)
                    overflowing.append(follower.continuation)
                }
            }
            return overflowing
        }
        // Outside the lock: finishing runs onTermination, which takes it.
        for continuation in overflowing { continuation.finish() }
    }

    /// Entries a follower may fall behind (beyond its replay) before its stream is ended; it then
    /// resumes after its last entry (`since`, or `Last-Event-ID` over SSE).
    static let followerBacklog = 4096

    func terminated(_ status: ExitStatus) {
        let now = Clock.nowMs()
        let (record, followers) = state.withLock { state in
            state.record.status = .exited
            state.record.exitCode = status.exitCode
            state.record.signal = status.signal
            state.record.exitedAtMs = now
            defer { state.followers.removeAll() }
            return (state.record, Array(state.followers.values))
        }
        // Outside the lock: finishing a stream runs its onTermination, which takes the lock.
        // No `receive` comes after `terminated`, so the exit still arrives after every entry.
        for follower in followers {
            follower.continuation.yield(.exit(record))
            follower.continuation.finish()
        }
        stdoutTap?.finish()
        onTerminated()
    }

    /// Buffered entries of `filter` after `since`, at most the last `tail`.
    func entries(_ filter: LogStream, since: UInt64, tail: Int?) -> [ProcessLogEntry] {
        state.withLock { $0.log.chunks(matching: filter, since: since, tail: tail) }.map(\.entry)
    }

    /// Replays the buffered entries after `since`, then the live ones, then the exit. Nothing is
    /// duplicated or skipped between replay and live: both are taken under one lock.
    func follow(_ filter: LogStream, since: UInt64) -> AsyncStream<ProcessLogEvent> {
        let (stream, continuation, key) = state.withLock { state -> (AsyncStream<ProcessLogEvent>, AsyncStream<ProcessLogEvent>.Continuation, Int?) in
            let replay = state.log.chunks(matching: filter, since: since)
            let (stream, continuation) = AsyncStream.makeStream(
                of: ProcessLogEvent.self, bufferingPolicy: .bufferingOldest(replay.count + 1 + Self.followerBacklog))
            for chunk in replay { continuation.yield(.log(chunk.entry)) }
            if state.record.status == .exited {
                continuation.yield(.exit(state.record))
                continuation.finish()
                return (stream, continuation, nil)
            }
            let key = state.nextFollower
            state.nextFollower += 1
            state.followers[key] = Follower(filter: filter, continuation: continuation)
            return (stream, continuation, key)
        }
        if let key {
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.followers.removeValue(forKey: key) }
            }
        }
        return stream
    }
}

extension LogBuffer.Chunk {
    var entry: ProcessLogEntry {
        ProcessLogEntry(
            sequence: sequence, stream: stream, timestampMs: timestampMs,
            data: Data(bytes.readableBytesView).base64EncodedString())
    }
}

/// Wall-clock milliseconds since the Unix epoch, as the API reports times.
enum Clock {
    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
