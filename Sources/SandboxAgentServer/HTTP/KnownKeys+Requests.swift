import AgentSessions
import DesktopRuntime
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

extension DesktopStartRequest: KnownKeys {
    static let knownKeys: Set<String> = [
        "width", "height", "dpi", "displayNum", "stateDir", "streamVideoCodec", "streamAudioCodec", "streamFrameRate",
        "webrtcPortRange", "recordingFps",
    ]
}

extension MouseMoveRequest: KnownKeys { static let knownKeys: Set<String> = ["x", "y"] }
extension MouseClickRequest: KnownKeys { static let knownKeys: Set<String> = ["x", "y", "button", "clickCount"] }
extension MouseButtonRequest: KnownKeys { static let knownKeys: Set<String> = ["x", "y", "button"] }
extension MouseDragRequest: KnownKeys { static let knownKeys: Set<String> = ["startX", "startY", "endX", "endY", "button"] }
extension MouseScrollRequest: KnownKeys { static let knownKeys: Set<String> = ["x", "y", "deltaX", "deltaY"] }
extension KeyboardTypeRequest: KnownKeys { static let knownKeys: Set<String> = ["text", "delayMs"] }
extension KeyboardPressRequest: KnownKeys { static let knownKeys: Set<String> = ["key", "modifiers"] }
extension KeyboardKeyRequest: KnownKeys { static let knownKeys: Set<String> = ["key"] }
extension WindowMoveRequest: KnownKeys { static let knownKeys: Set<String> = ["x", "y"] }
extension WindowResizeRequest: KnownKeys { static let knownKeys: Set<String> = ["width", "height"] }
extension ClipboardSetRequest: KnownKeys { static let knownKeys: Set<String> = ["text", "selection"] }
extension DesktopLaunchRequest: KnownKeys { static let knownKeys: Set<String> = ["app", "args", "wait"] }
extension DesktopOpenRequest: KnownKeys { static let knownKeys: Set<String> = ["target"] }
extension DesktopActionsRequest: KnownKeys { static let knownKeys: Set<String> = ["actions", "settle", "screenshot"] }

extension McpServerConfig: KnownKeys {
    static let knownKeys: Set<String> = McpServerConfig.allKeys
}

extension SkillsConfig: KnownKeys {
    static let knownKeys: Set<String> = ["sources"]
}
