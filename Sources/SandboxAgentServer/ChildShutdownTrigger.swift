import ProcessRuntime
import ServiceLifecycle

/// The first service to hear of a graceful shutdown: it runs after the application in the
/// server's outermost `ServiceGroup`, and services stop in reverse order. It starts stopping the
/// API's own child processes (`ProcessManager.beginShutdown`) before the HTTP server waits for its
/// in-flight requests — a `POST /v1/processes/run` in progress would otherwise hold that wait up
/// for as long as its child runs, and only then would the children be signalled.
struct ChildShutdownTrigger: Service {
    let processes: ProcessManager

    func run() async throws {
        // Cancellation (no graceful phase) is a shutdown too.
        try? await gracefulShutdown()
        processes.beginShutdown()
    }
}
