/// What a log follower receives.
public enum ProcessLogEvent: Sendable, Equatable {
    case log(ProcessLogEntry)
    /// The process is over and its output drained; the stream ends after this.
    case exit(ProcessRecord)
}
