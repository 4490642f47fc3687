import ACP

/// Token counts in ACP's spelling (`Usage` of a `session/prompt` response): input tokens include
/// cached ones (read from and written to the provider's cache, also counted apart), total is
/// input plus output. The native drivers report a turn's usage this way whatever their CLI says.
struct TokenUsage: Sendable, Equatable {
    var inputTokens: Int64 = 0
    var outputTokens: Int64 = 0
    var cachedReadTokens: Int64 = 0
    var cachedWriteTokens: Int64 = 0
    var thoughtTokens: Int64 = 0

    var totalTokens: Int64 { inputTokens + outputTokens }

    /// The `usage` of a prompt response.
    var turnUsage: TurnUsage {
        TurnUsage(
            inputTokens: inputTokens, outputTokens: outputTokens, totalTokens: totalTokens, cachedReadTokens: cachedReadTokens,
            cachedWriteTokens: cachedWriteTokens, thoughtTokens: thoughtTokens)
    }

    /// What was used between `earlier` and these running totals.
    func since(_ earlier: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: inputTokens - earlier.inputTokens, outputTokens: outputTokens - earlier.outputTokens,
            cachedReadTokens: cachedReadTokens - earlier.cachedReadTokens, cachedWriteTokens: cachedWriteTokens - earlier.cachedWriteTokens,
            thoughtTokens: thoughtTokens - earlier.thoughtTokens)
    }

    /// Claude Code's `result.usage` (Anthropic's counts: `input_tokens` leaves cached tokens out).
    init(claude usage: JSONValue) {
        let read = usage["cache_read_input_tokens"]?.intValue ?? 0
        let written = usage["cache_creation_input_tokens"]?.intValue ?? 0
        self.init(
            inputTokens: (usage["input_tokens"]?.intValue ?? 0) + read + written, outputTokens: usage["output_tokens"]?.intValue ?? 0,
            cachedReadTokens: read, cachedWriteTokens: written)
    }

    /// Codex's `TokenUsageBreakdown` (OpenAI's counts: `inputTokens` includes cached tokens).
    init(codex usage: JSONValue) {
        self.init(
            inputTokens: usage["inputTokens"]?.intValue ?? 0, outputTokens: usage["outputTokens"]?.intValue ?? 0,
            cachedReadTokens: usage["cachedInputTokens"]?.intValue ?? 0, cachedWriteTokens: usage["cacheWriteInputTokens"]?.intValue ?? 0,
            thoughtTokens: usage["reasoningOutputTokens"]?.intValue ?? 0)
    }

    init(inputTokens: Int64 = 0, outputTokens: Int64 = 0, cachedReadTokens: Int64 = 0, cachedWriteTokens: Int64 = 0, thoughtTokens: Int64 = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedReadTokens = cachedReadTokens
        self.cachedWriteTokens = cachedWriteTokens
        self.thoughtTokens = thoughtTokens
    }

    /// ACP's `usage_update` session update: the context in use and its size, and the cumulative
    /// cost when the agent knows it.
    static func update(used: Int64, size: Int64, costUSD: Double?) -> UsageUpdate {
        UsageUpdate(used: used, size: size, cost: costUSD.map { UsageUpdate.Cost(amount: $0, currency: "USD") })
    }
}
