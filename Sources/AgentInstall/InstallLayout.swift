import Foundation

/// The files of installed agents under the data directory:
///
///     bin/<command>                         symlink to the binary, or a launcher script
///     agents/<agent>/<version>-<suffix>/    the unpacked files of the version in use
///     agents/<agent>/install.json           the ``InstallRecord``
///     agents/<agent>.lock                   held while one process installs the agent
///     agents/.staging-<uuid>/               downloads and unpacking in progress
struct InstallLayout: Sendable {
    let dataDirectory: String

    var binDirectory: String { dataDirectory + "/bin" }
    var agentsDirectory: String { dataDirectory + "/agents" }

    func agentDirectory(_ agent: String) -> String { agentsDirectory + "/" + agent }
    func recordPath(_ agent: String) -> String { agentDirectory(agent) + "/install.json" }
    func lockPath(_ agent: String) -> String { agentsDirectory + "/" + agent + ".lock" }
    func command(_ name: String) -> String { binDirectory + "/" + name }

    /// Replaces `path` with a symlink to `target` in one `rename`, so a reader sees the old or the new one.
    func replaceWithSymlink(_ path: String, to target: String) throws(AgentInstallError) {
        let temporary = temporarySibling(of: path)
        do {
            try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: target)
        } catch {
            throw AgentInstallError.failed("cannot create \(temporary): \(error)")
        }
        try rename(temporary, over: path)
    }

    /// Replaces `path` with `contents` (mode `mode`) in one `rename`.
    func replaceFile(_ path: String, contents: Data, mode: Int) throws(AgentInstallError) {
        let temporary = temporarySibling(of: path)
        guard FileManager.default.createFile(atPath: temporary, contents: contents, attributes: [.posixPermissions: mode]) else {
            throw AgentInstallError.failed("cannot write \(temporary)")
        }
        try rename(temporary, over: path)
    }

    private func temporarySibling(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".tmp-" + UUID().uuidString
    }

    private func rename(_ from: String, over to: String) throws(AgentInstallError) {
        guard Foundation.rename(from, to) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: from)
            throw AgentInstallError.failed("cannot move \(from) to \(to): \(reason)")
        }
    }
}
