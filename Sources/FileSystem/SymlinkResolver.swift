import Glibc

/// Follows the symlinks along an absolute path, like realpath(3), but keeps missing components
/// as written, and sees entries that are only planned (by a tar extraction) as if they existed.
struct SymlinkResolver {
    /// An entry planned at a path; it hides whatever is on disk there.
    enum PlannedEntry {
        case directory
        case file
        case symlink(target: String)
    }

    /// Where a path leads.
    struct Resolution {
        /// The absolute path with every symlink replaced by its target.
        var path: String
        /// True if the way follows a planned symlink or goes on below a planned file.
        var crossesPlannedEntry: Bool
    }

    /// Following more symlinks than this means a loop (the Linux limit).
    static let maxSymlinks = 40

    private var planned: [String: PlannedEntry] = [:]

    /// Records an entry that will exist at `path`, a path already resolved.
    mutating func plan(_ entry: PlannedEntry, at path: String) {
        planned[path] = entry
    }

    /// Where the absolute `path` leads; throws `io` on a symlink loop.
    func resolve(_ path: String) throws(FileSystemError) -> Resolution {
        var resolved: [Substring] = []
        var pending = Array(path.split(separator: "/").reversed())
        var followed = 0
        var crosses = false
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                _ = resolved.popLast()
                continue
            }
            let candidate = "/" + (resolved + [component]).joined(separator: "/")
            let target: String?
            switch planned[candidate] {
            case .symlink(let plannedTarget):
                target = plannedTarget
                crosses = true
            case .file:
                target = nil
                crosses = crosses || !pending.isEmpty
            case .directory:
                target = nil
            case nil:
                target = Self.readLink(candidate)
            }
            guard let target else {
                resolved.append(component)
                continue
            }
            followed += 1
            guard followed <= Self.maxSymlinks else { throw FileSystemError(errno: ELOOP, path: path) }
            if target.hasPrefix("/") { resolved.removeAll() }
            pending.append(contentsOf: target.split(separator: "/").reversed())
        }
        return Resolution(path: "/" + resolved.joined(separator: "/"), crossesPlannedEntry: crosses)
    }

    /// The target of the symlink at `path`, or nil if there is no symlink there.
    private static func readLink(_ path: String) -> String? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX))
        let count = buffer.withUnsafeMutableBytes { readlink(path, $0.baseAddress!, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }
}
