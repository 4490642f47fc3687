import FileSystem
import ProcessRuntime

extension ProcessCreateRequest: KnownKeys {
    static let knownKeys: Set<String> = ["command", "args", "cwd", "env", "interactive", "tty", "cols", "rows"]
}

extension ProcessRunRequest: KnownKeys {
    static let knownKeys: Set<String> = ["command", "args", "cwd", "env", "timeoutMs", "maxOutputBytes"]
}

extension ProcessConfig: KnownKeys {
    static let knownKeys: Set<String> = [
        "maxConcurrentProcesses", "defaultRunTimeoutMs", "maxRunTimeoutMs", "maxOutputBytes",
        "maxLogBytesPerProcess", "maxInputBytesPerRequest",
    ]
}

extension ProcessInputRequest: KnownKeys {
    static let knownKeys: Set<String> = ["data", "encoding"]
}

extension TerminalSize: KnownKeys {
    static let knownKeys: Set<String> = ["cols", "rows"]
}

extension FsMoveRequest: KnownKeys {
    static let knownKeys: Set<String> = ["from", "to", "overwrite"]
}
