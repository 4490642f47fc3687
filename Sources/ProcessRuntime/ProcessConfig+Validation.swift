public import SandboxAgentAPI

extension ProcessConfig {
    /// Checks every limit is positive and returns the config with the default timeout clamped.
    public func validated() throws(ProcessError) -> ProcessConfig {
        let fields: [(String, Int)] = [
            ("maxConcurrentProcesses", maxConcurrentProcesses),
            ("defaultRunTimeoutMs", defaultRunTimeoutMs),
            ("maxRunTimeoutMs", maxRunTimeoutMs),
            ("maxOutputBytes", maxOutputBytes),
            ("maxLogBytesPerProcess", maxLogBytesPerProcess),
            ("maxInputBytesPerRequest", maxInputBytesPerRequest),
        ]
        for (name, value) in fields where value <= 0 {
            throw ProcessError(.invalidRequest, "\(name) must be a positive integer, got \(value)")
        }
        // The API document gives it as a 32-bit integer (the others are 64-bit).
        if Int32(exactly: maxConcurrentProcesses) == nil {
            throw ProcessError(.invalidRequest, "maxConcurrentProcesses must be a positive 32-bit integer, got \(maxConcurrentProcesses)")
        }
        var copy = self
        copy.defaultRunTimeoutMs = min(defaultRunTimeoutMs, maxRunTimeoutMs)
        return copy
    }
}
