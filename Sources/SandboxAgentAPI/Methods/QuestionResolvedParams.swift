/// The params of `_sandboxagent/question/resolved` (``SandboxAgentMethod/questionResolved``): the
/// ``QuestionResolution``'s members and the tool call that asked, in one object.
public struct QuestionResolvedParams: Codable, Sendable, Equatable {
    public var resolution: QuestionResolution
    /// The tool call that asked (`Question.toolCallId`).
    public var toolCallId: String?

    private enum CodingKeys: String, CodingKey {
        case toolCallId
    }

    public init(resolution: QuestionResolution, toolCallId: String? = nil) {
        self.resolution = resolution
        self.toolCallId = toolCallId
    }

    public init(from decoder: any Decoder) throws {
        resolution = try QuestionResolution(from: decoder)
        toolCallId = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .toolCallId)
    }

    public func encode(to encoder: any Encoder) throws {
        try resolution.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(toolCallId, forKey: .toolCallId)
    }
}
