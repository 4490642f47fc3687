public import SandboxAgentAPI

/// A directory listing: the entries, and how many names were left out.
public struct FsListing: Sendable, Equatable {
    /// The entries whose names are valid UTF-8, sorted by name.
    public var entries: [FsEntry]
    /// How many names were left out because they are not valid UTF-8 (JSON cannot carry them
    /// as names, and a replaced name would be a path to something else).
    public var skippedNames: Int
}
