import Foundation
public import ProcessRuntime
import SandboxAgentAPI

/// Codex's own command sandbox on this machine. In `auto` and `read-only` modes Codex runs the
/// model's commands under bubblewrap, which re-executes Codex as `codex-linux-sandbox` found on
/// PATH. Inside containers this breaks silently: without `bwrap` Codex panics, and with a
/// `CODEX_HOME` under `/tmp` Codex refuses to create that helper link (the sandbox hides `/tmp`),
/// so every command fails and the model is merely told so.
///
/// The server gives Codex the helper itself — a link in a directory it owns outside `/tmp`, put
/// first on Codex's PATH — and probes once per executable and environment whether the sandbox
/// runs (`codex sandbox -- true`). When it does not, sessions fall back to no sandbox with every
/// untrusted command asked to the client (Codex's `untrusted` approval), and say why.
public actor CodexSandbox {
    /// Whether the sandbox works, and why not.
    public struct Status: Sendable, Equatable {
        public var available: Bool
        /// What failed, from Codex's own message (nil when available).
        public var reason: String?

        /// What to do about it.
        public static let remedy =
            "Install bubblewrap (apt-get install bubblewrap) and let the container create user namespaces "
            + "(for example docker run --security-opt seccomp=unconfined --security-opt apparmor=unconfined), "
            + "or choose the full-access mode to run commands without a sandbox and without asking."
    }

    private let helperRoot: String
    private var helpers: [String: String] = [:]
    private var probed: [String: Status] = [:]

    /// Helpers live under `dataDirectory`, or under `/var/tmp` when that is itself a temp dir.
    public init(dataDirectory: String) {
        let temporary = [NSTemporaryDirectory(), "/tmp/"].map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        let underTemp = temporary.contains { (dataDirectory + "/").hasPrefix($0) }
        helperRoot = underTemp ? "/var/tmp/sandbox-agent-\(geteuid())/codex-helpers" : dataDirectory + "/codex-helpers"
    }

    /// The environment entries Codex at `executable` needs (PATH with the helper first), and
    /// whether its sandbox works with them.
    public func prepare(
        executable: String, environment: [String: String], processes: ProcessManager
    ) async -> (environment: [String: String], status: Status) {
        var additions: [String: String] = [:]
        if let helper = helperDirectory(for: executable) {
            additions["PATH"] = helper + ":" + (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        }
        let key = [executable, additions["PATH"] ?? environment["PATH"] ?? "", environment["CODEX_HOME"] ?? environment["HOME"] ?? ""]
            .joined(separator: "\u{0}")
        if let status = probed[key] { return (additions, status) }
        let status = await probe(executable, environment: environment.merging(additions) { $1 }, processes: processes)
        probed[key] = status
        return (additions, status)
    }

    /// A directory holding `codex-linux-sandbox` → `executable`; nil when it cannot be made. The
    /// directory is named after the executable's path, so servers sharing the root (tests, several
    /// data directories under `/tmp`) never point one link at two binaries, and the link is put in
    /// place by a rename, so a Codex starting meanwhile never finds it missing.
    private func helperDirectory(for executable: String) -> String? {
        if let known = helpers[executable] { return known }
        let directory = helperRoot + "/" + Self.name(of: executable)
        let link = directory + "/codex-linux-sandbox"
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) != executable {
            let staged = directory + "/.codex-linux-sandbox.\(getpid())"
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(atPath: staged)
                try FileManager.default.createSymbolicLink(atPath: staged, withDestinationPath: executable)
                guard rename(staged, link) == 0 else { return nil }
            } catch {
                return nil
            }
        }
        helpers[executable] = directory
        return directory
    }

    /// A stable directory name for `path` (FNV-1a, 64 bit).
    private static func name(of path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return String(hash, radix: 16)
    }

    private func probe(_ executable: String, environment: [String: String], processes: ProcessManager) async -> Status {
        let request = ProcessRunRequest(command: executable, args: ["sandbox", "--", "true"], env: environment, timeoutMs: 20_000)
        guard let result = try? await processes.run(request, owner: .system) else {
            return Status(available: false, reason: "cannot run \(executable) sandbox")
        }
        if result.exitCode == 0 { return Status(available: true) }
        return Status(available: false, reason: Self.reason(stderr: result.stderr, exitCode: result.exitCode))
    }

    /// The line of Codex's stderr that names the failure (its panic message, or bwrap's).
    static func reason(stderr: String, exitCode: Int32?) -> String {
        let lines = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let telling = lines.first { $0.contains("bubblewrap") || $0.hasPrefix("bwrap:") || $0.contains("execvp") }
            ?? lines.last { !$0.isEmpty && !$0.hasPrefix("note:") && !$0.hasPrefix("stack backtrace") }
        return telling ?? "codex sandbox exited with status \(exitCode.map(String.init) ?? "none")"
    }
}
