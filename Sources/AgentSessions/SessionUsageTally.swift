import ACP
import SandboxAgentAPI
import SessionStore

/// Folds what agents report about usage into a session's `SessionUsage`.
enum SessionUsageTally {
    /// Adds one turn's ACP `Usage` (the `usage` of a `session/prompt` response).
    static func adding(turn usage: TurnUsage, to current: SessionUsage?) -> SessionUsage {
        var total = current ?? SessionUsage()
        total.turns += 1
        total.inputTokens += usage.inputTokens
        total.outputTokens += usage.outputTokens
        total.totalTokens += usage.totalTokens
        total.cachedReadTokens += usage.cachedReadTokens ?? 0
        total.cachedWriteTokens += usage.cachedWriteTokens ?? 0
        total.thoughtTokens += usage.thoughtTokens ?? 0
        return total
    }

    /// Takes the context and cost of ACP's `usage_update` (the latest one wins).
    static func applying(_ update: UsageUpdate, to current: SessionUsage?) -> SessionUsage {
        var usage = current ?? SessionUsage()
        usage.contextUsed = update.used
        usage.contextSize = update.size
        if let cost = update.cost { usage.cost = cost }
        return usage
    }
}
