/// Where a session is in its life.
public enum SessionStatus: String, Codable, Sendable, CaseIterable {
    /// The agent is being started and initialised.
    case starting
    /// The agent runs and accepts prompts.
    case active
    /// The agent is gone (deleted, crashed, or the server restarted); `resume` brings it back.
    case ended
}
