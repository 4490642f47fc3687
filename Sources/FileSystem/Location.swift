/// A client path located: the absolute path reported back, and where it is below a base directory.
struct Location {
    /// The longest name a Linux file system takes (NAME_MAX).
    static let maxNameLength = 255

    /// The absolute, normalised path.
    var path: String
    /// The directory the lookup starts from: the root, or `/` without one.
    var base: String
    /// The path below `base`, without a leading slash; empty for `base` itself.
    var relative: String

    /// True if this is the base directory itself.
    var isBase: Bool { relative.isEmpty }
    /// The parent below `base` (empty for a direct child).
    var parent: String { relative.lastIndex(of: "/").map { String(relative[..<$0]) } ?? "" }
    /// The last component.
    var name: String { relative.lastIndex(of: "/").map { String(relative[relative.index(after: $0)...]) } ?? relative }
}
