/// The server's own JSON-RPC methods, beside ACP's: notifications it writes into a session's
/// transcript (sender `server`), and the extension requests it answers on the ACP relay.
public enum SandboxAgentMethod {
    /// A session's agent started (params: agent, cwd, …).
    public static let sessionStarted = "_sandboxagent/session/started"
    /// An ended session was started again (params: trigger, previousEndReason, attempt).
    public static let sessionResumed = "_sandboxagent/session/resumed"
    /// A session ended (params: reason, exitCode?, …).
    public static let sessionEnded = "_sandboxagent/session/ended"
    /// The mode, model or config options given at creation were applied.
    public static let sessionConfigApplied = "_sandboxagent/session/config_applied"
    /// Something about the agent a human should know (params: kind, message).
    public static let agentDiagnostic = "_sandboxagent/agent/diagnostic"
    /// A permission request was answered (params: permissionId, outcome, by).
    public static let permissionResolved = "_sandboxagent/permission/resolved"
    /// An agent asked a question (params: a ``Question``).
    public static let questionRequested = "_sandboxagent/question/requested"
    /// A question ended (params: a ``QuestionResolution`` and toolCallId).
    public static let questionResolved = "_sandboxagent/question/resolved"
    /// A desktop action ran for the session (params: action, screenshot, …).
    public static let desktopAction = "_sandboxagent/desktop/action"
    /// The session's desktop is being recorded (params: recordingId, fileName, status, fps, startedAt, downloadPath).
    public static let desktopRecording = "_sandboxagent/desktop/recording"
    /// The store stopped accepting writes; events are held in memory (params: reason).
    public static let storageDegraded = "_sandboxagent/storage/degraded"
    /// The store accepts writes again; the held events are stored (params: outageMs, bufferedEvents).
    public static let storageRecovered = "_sandboxagent/storage/recovered"
    /// Events wait to be stored at the buffer limit: the agent's output is not read (params: limit, message).
    public static let storagePaused = "_sandboxagent/storage/paused"
    /// Half of the waiting events are stored: the agent's output is read again (params: pausedMs).
    public static let storageResumed = "_sandboxagent/storage/resumed"
    /// Relay request: the agents, as `GET /v1/agents` (`{agents: AgentInfo[]}`).
    public static let agentList = "_sandboxagent/agent/list"
    /// Relay request: install an agent, as `POST /v1/agents/{agent}/install`.
    public static let agentInstall = "_sandboxagent/agent/install"

    /// Every method above.
    public static let all: [String] = [
        sessionStarted, sessionResumed, sessionEnded, sessionConfigApplied, agentDiagnostic, permissionResolved,
        questionRequested, questionResolved, desktopAction, desktopRecording, storageDegraded, storageRecovered, storagePaused, storageResumed, agentList, agentInstall,
    ]
}
