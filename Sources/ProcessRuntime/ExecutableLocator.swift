import Glibc

/// Finds the executable a command names, the way a shell would, before anything is spawned, so
/// that a typo is a clear 400 instead of exit code 127.
public enum ExecutableLocator {
    /// - Parameters:
    ///   - command: a name looked up in `PATH`, or a path (absolute, or relative to `cwd`).
    ///   - path: the `PATH` of the child's environment.
    ///   - cwd: the directory relative paths start from.
    /// - Returns: the absolute path of an executable regular file.
    public static func locate(_ command: String, path: String?, cwd: String) throws(ProcessError) -> String {
        guard !command.isEmpty else { throw ProcessError(.invalidRequest, "command must not be empty") }
        guard !command.contains("\0") else { throw ProcessError(.invalidRequest, "command must not contain NUL") }
        if command.contains("/") {
            let candidate = command.hasPrefix("/") ? command : cwd + "/" + command
            guard isExecutableFile(candidate) else {
                throw ProcessError(.commandNotFound, "not an executable file: \(command)")
            }
            return candidate
        }
        let searchPath = path ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let base = directory.hasPrefix("/") ? String(directory) : cwd + "/" + directory
            let candidate = base + "/" + command
            if isExecutableFile(candidate) { return candidate }
        }
        // The directories searched are not named: they are the server's PATH, not the client's business.
        throw ProcessError(.commandNotFound, "command not found: \(command) (no such executable on PATH; give an absolute path, or set PATH in env)")
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
