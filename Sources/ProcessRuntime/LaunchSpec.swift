/// Everything needed to start one child, already validated and resolved.
struct LaunchSpec: Sendable {
    /// Absolute path of the executable.
    var executablePath: String
    /// argv, including argv[0].
    var arguments: [String]
    var environment: [String: String]
    var cwd: String
    var tty: Bool
    /// Give the child a stdin pipe (ignored for a tty, which always has input).
    var pipeStdin: Bool
    var cols: UInt16 = 80
    var rows: UInt16 = 24
}
