import ACP

/// The mock's token usage, so a client sees the same usage events from it as from the real
/// agents: a token is a word of the prompt or the reply, the context is every turn of the session
/// so far, in a 200,000-token window; the mock has no cost.
struct MockUsage {
    static let contextWindow: Int64 = 200_000

    let inputTokens: Int64
    let outputTokens: Int64
    /// The session's context after the turn.
    let contextUsed: Int64

    init(turn: MockSessionRecord.Turn, history: [MockSessionRecord.Turn]) {
        inputTokens = Self.words(turn.prompt)
        outputTokens = Self.words(turn.reply)
        contextUsed = (history + [turn]).reduce(0) { $0 + Self.words($1.prompt) + Self.words($1.reply) }
    }

    /// ACP's `Usage` of the prompt response.
    var turnUsage: TurnUsage {
        TurnUsage(
            inputTokens: inputTokens, outputTokens: outputTokens, totalTokens: inputTokens + outputTokens, cachedReadTokens: 0,
            cachedWriteTokens: 0, thoughtTokens: 0)
    }

    /// ACP's `usage_update`.
    var update: UsageUpdate { UsageUpdate(used: contextUsed, size: Self.contextWindow) }

    private static func words(_ text: String) -> Int64 {
        Int64(text.split(whereSeparator: \.isWhitespace).count)
    }
}
