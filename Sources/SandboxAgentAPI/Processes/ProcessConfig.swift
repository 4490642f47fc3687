/// Limits of the process runtime (`GET|POST /v1/processes/config`).
///
/// Every value must be positive; `defaultRunTimeoutMs` is clamped to `maxRunTimeoutMs`.
public struct ProcessConfig: Codable, Sendable, Equatable {
    /// Most processes running at once (spawned and run), across all owners.
    public var maxConcurrentProcesses: Int
    /// Timeout of `POST /v1/processes/run` when the request names none.
    public var defaultRunTimeoutMs: Int
    /// Largest timeout a run request may ask for.
    public var maxRunTimeoutMs: Int
    /// Largest stdout (and, separately, stderr) a run returns before truncating.
    public var maxOutputBytes: Int
    /// Bytes of log kept per process; the oldest entries are dropped beyond it.
    public var maxLogBytesPerProcess: Int
    /// Largest decoded payload of one `POST /v1/processes/{id}/input`.
    public var maxInputBytesPerRequest: Int

    public init(
        maxConcurrentProcesses: Int = 64,
        defaultRunTimeoutMs: Int = 30_000,
        maxRunTimeoutMs: Int = 300_000,
        maxOutputBytes: Int = 1_048_576,
        maxLogBytesPerProcess: Int = 10_485_760,
        maxInputBytesPerRequest: Int = 65_536
    ) {
        self.maxConcurrentProcesses = maxConcurrentProcesses
        self.defaultRunTimeoutMs = defaultRunTimeoutMs
        self.maxRunTimeoutMs = maxRunTimeoutMs
        self.maxOutputBytes = maxOutputBytes
        self.maxLogBytesPerProcess = maxLogBytesPerProcess
        self.maxInputBytesPerRequest = maxInputBytesPerRequest
    }

    /// The defaults upstream documents.
    public static let `default` = ProcessConfig()
}
