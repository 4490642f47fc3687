/// Path arithmetic on strings alone, without touching the file system.
enum LexicalPath {
    /// `path` made absolute against the absolute `base`, with empty and `.` components dropped
    /// and `..` applied (`..` at `/` stays at `/`).
    static func normalize(_ path: String, relativeTo base: String = "/") -> String {
        let absolute = path.hasPrefix("/") ? path : base + "/" + path
        return "/" + collapse(absolute).components.joined(separator: "/")
    }

    /// The components of a relative name with `.` dropped and `..` applied,
    /// or nil if a `..` climbs above the start.
    static func relativeComponents(_ name: String) -> [Substring]? {
        let (components, climbsAbove) = collapse(name)
        return climbsAbove ? nil : components
    }

    /// True if `path` is `base` or below it; both normalised and absolute.
    static func isWithin(_ path: String, _ base: String) -> Bool {
        base == "/" || path == base || path.hasPrefix(base + "/")
    }

    /// The parent directory and the last component of a normalised absolute path.
    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("/", path) }
        let parent = slash == path.startIndex ? "/" : String(path[..<slash])
        return (parent, String(path[path.index(after: slash)...]))
    }

    /// `name` (which may contain slashes, or be empty) appended to the absolute `base`, as is.
    static func join(_ base: String, _ name: String) -> String {
        if name.isEmpty { return base }
        return base == "/" ? "/" + name : base + "/" + name
    }

    /// `name` appended to the relative path `base` (empty for the start itself).
    static func joinRelative(_ base: String, _ name: String) -> String {
        base.isEmpty ? name : base + "/" + name
    }

    /// The path of `path` below `base`, both normalised and absolute, `path` within `base`; empty if equal.
    static func relative(_ path: String, to base: String) -> String {
        if path == base { return "" }
        return String(path.dropFirst(base == "/" ? 1 : base.utf8.count + 1))
    }

    private static func collapse(_ path: String) -> (components: [Substring], climbsAbove: Bool) {
        var components: [Substring] = []
        var climbsAbove = false
        for component in path.split(separator: "/") {
            switch component {
            case ".":
                continue
            case "..":
                climbsAbove = climbsAbove || components.popLast() == nil
            default:
                components.append(component)
            }
        }
        return (components, climbsAbove)
    }
}
