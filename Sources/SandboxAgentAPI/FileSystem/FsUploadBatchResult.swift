/// What a tar upload extracted (JSON: paths, truncated).
public struct FsUploadBatchResult: Codable, Sendable, Equatable {
    /// The absolute paths of the first extracted entries, in archive order.
    public var paths: [String]
    /// True if more entries were extracted than `paths` lists.
    public var truncated: Bool

    /// A result with the given fields.
    public init(paths: [String], truncated: Bool) {
        self.paths = paths
        self.truncated = truncated
    }
}
