import Foundation

/// Pids whose command line has a word containing `argument` (and runs `command`, when given).
func pids(withArgument argument: String, command: String? = nil) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { entry -> Int32? in
        guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
        let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        guard argv.contains(where: { $0.contains(argument) }), command.map({ argv.first == $0 }) ?? true else { return nil }
        return pid
    }
}
