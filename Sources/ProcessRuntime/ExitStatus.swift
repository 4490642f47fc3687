/// How a child process ended: an exit code, or the signal that killed it.
public struct ExitStatus: Sendable, Equatable, CustomStringConvertible {
    /// The exit code when the process exited by itself.
    public var exitCode: Int32?
    /// The signal number when a signal ended it.
    public var signal: Int32?

    public init(exitCode: Int32? = nil, signal: Int32? = nil) {
        self.exitCode = exitCode
        self.signal = signal
    }

    public var description: String {
        if let exitCode { return "exit code \(exitCode)" }
        if let signal { return "signal \(signal)" }
        return "unknown exit"
    }
}
