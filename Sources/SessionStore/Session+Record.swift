public import SandboxAgentAPI

extension Session {
    /// The session as the API shows `record` (its stored `env` left out: it may hold keys).
    public init(_ record: SessionRecord) {
        self.init(
            id: record.id, agent: record.agent, agentSessionId: record.agentSessionId, status: record.status, cwd: record.cwd,
            createdAt: record.createdAt, endedAt: record.endedAt, endReason: record.endReason, modes: record.modes,
            configOptions: record.configOptions, usage: record.usage, instanceId: record.instanceId, labels: record.labels)
    }
}
