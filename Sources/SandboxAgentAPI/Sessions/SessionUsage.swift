public import ACP

/// What a session has used, for `GET /v1/sessions/{id}`: the token counts of its turns added up
/// (from the `usage` of each `session/prompt` response, ACP's spelling), and the context and cost
/// of the agent's last `usage_update`. Only agents that report usage fill it in.
public struct SessionUsage: Codable, Sendable, Equatable {
    /// Turns whose response carried usage.
    public var turns: Int64 = 0
    public var inputTokens: Int64 = 0
    public var outputTokens: Int64 = 0
    public var totalTokens: Int64 = 0
    public var cachedReadTokens: Int64 = 0
    public var cachedWriteTokens: Int64 = 0
    public var thoughtTokens: Int64 = 0
    /// Tokens of the context in use, and the model's context window (`usage_update`).
    public var contextUsed: Int64?
    public var contextSize: Int64?
    /// The cumulative cost the agent reported (`usage_update.cost`).
    public var cost: Cost?

    /// An amount in an ISO 4217 currency (ACP's `Cost`).
    public typealias Cost = UsageUpdate.Cost

    public init() {}
}
