import NIOCore
import SandboxAgentAPI

/// Receives what a child produces. Calls for one child are never concurrent with each other
/// for the same stream, but stdout and stderr may arrive on different threads.
protocol ProcessOutputSink: Sendable {
    /// One chunk of output, as read.
    func receive(_ stream: LogStream, _ bytes: ByteBuffer)
    /// The child has exited and its output is drained (or abandoned after a short grace period
    /// when a grandchild keeps the pipes open). Called exactly once, after the last `receive`.
    func terminated(_ status: ExitStatus)
}
