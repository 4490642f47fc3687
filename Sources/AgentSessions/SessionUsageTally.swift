import ACP
import SandboxAgentAPI
import SessionStore

/// Folds what agents report about usage into a session's `SessionUsage`.
enum SessionUsageTally {
    /// Adds one turn's ACP `Usage` (the `usage` of a `session/prompt` response).
    static func adding(turn usage: JSONValue, to current: SessionUsage?) -> SessionUsage {
        var total = current ?? SessionUsage()
        total.turns += 1
        total.inputTokens += usage["inputTokens"]?.intValue ?? 0
        total.outputTokens += usage["outputTokens"]?.intValue ?? 0
        total.totalTokens += usage["totalTokens"]?.intValue ?? 0
        total.cachedReadTokens += usage["cachedReadTokens"]?.intValue ?? 0
        total.cachedWriteTokens += usage["cachedWriteTokens"]?.intValue ?? 0
        total.thoughtTokens += usage["thoughtTokens"]?.intValue ?? 0
        return total
    }

    /// Takes the context and cost of ACP's `usage_update` (the latest one wins).
    static func applying(_ update: JSONValue, to current: SessionUsage?) -> SessionUsage {
        var usage = current ?? SessionUsage()
        usage.contextUsed = update["used"]?.intValue ?? usage.contextUsed
        usage.contextSize = update["size"]?.intValue ?? usage.contextSize
        if let amount = update["cost"]?["amount"]?.doubleValue, let currency = update["cost"]?["currency"]?.stringValue {
            usage.cost = SessionUsage.Cost(amount: amount, currency: currency)
        }
        return usage
    }
}
