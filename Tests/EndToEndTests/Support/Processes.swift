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

/// The children of `parent` whose command line has a word containing `argument`.
func children(of parent: Int32, withArgument argument: String) -> [Int32] {
    pids(withArgument: argument).filter { pid in
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return false }
        // After "pid (comm)": state, then the parent's pid.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 && Int32(fields[1]) == parent
    }
}

/// The bytes written to the standard output of `pid` that nobody has read yet, when it is a pipe
/// (FIONREAD on the pipe, opened through /proc without reading from it).
func unreadBytesOnStandardOutput(of pid: Int32) -> Int? {
    let descriptor = open("/proc/\(pid)/fd/1", O_RDONLY | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var count: Int32 = 0
    return ioctl(descriptor, UInt(FIONREAD), &count) == 0 ? Int(count) : nil
}
