import FileSystem
import Foundation
import ProcessRuntime
import SandboxAgentAPI

/// Fetches configured skills into the directory an agent reads them from: `local` sources are
/// copied, `git` and `github` sources cloned (`git clone --depth 1 [--branch ref]`) into a
/// temporary directory first. Each failure is reported and the rest go on; nothing throws.
struct SkillInstaller {
    /// A skill put in place.
    struct Installed: Sendable, Equatable {
        var name: String
        /// The source it came from, as configured (`owner/repo`, a URL or a path).
        var source: String
        /// Where it is now.
        var path: String
    }

    /// How long one clone may take.
    static let cloneTimeoutMs = 120_000

    let processes: ProcessManager
    /// Checks local sources against `--fs-root` (a copy must not bring outside files in).
    let files: FileSystemService

    /// Installs every source of `entries` (in name order) into `destination`, which is created.
    func install(_ entries: [String: SkillsConfig], into destination: String) async -> (installed: [Installed], errors: [String]) {
        var installed: [Installed] = []
        var errors: [String] = []
        for (entryName, config) in entries.sorted(by: { $0.key < $1.key }) {
            for (index, source) in config.sources.enumerated() {
                let label = "skills '\(entryName)' sources[\(index)] (\(source.type.rawValue) \(source.source))"
                do {
                    let result = try await install(source, into: destination, label: label)
                    installed += result.installed
                    errors += result.errors
                } catch {
                    errors.append("\(label): \(error)")
                }
            }
        }
        return (installed, errors)
    }

    /// The skills of one source put in place, and the names of `skills` it does not have.
    private func install(_ source: SkillSource, into destination: String, label: String) async throws -> (installed: [Installed], errors: [String]) {
        let checkout = try await fetch(source)
        defer { if checkout.isTemporary { try? FileManager.default.removeItem(atPath: checkout.path) } }
        let root = source.subpath.map { checkout.path + "/" + $0 } ?? checkout.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SkillFetchError("\(source.subpath.map { "subpath \($0)" } ?? "the source") is not a directory")
        }
        var found = SkillScanner.skills(in: root, fallbackName: Self.fallbackName(of: source))
        var errors: [String] = []
        if let wanted = source.skills {
            for name in wanted where !found.contains(where: { $0.name == name }) {
                errors.append("\(label): no skill named '\(name)' (found: \(found.map(\.name).joined(separator: ", ")))")
            }
            found = found.filter { wanted.contains($0.name) }
        } else if found.isEmpty {
            throw SkillFetchError("no SKILL.md found")
        }
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        var installed: [Installed] = []
        for skill in found {
            let target = destination + "/" + skill.name
            try Self.replace(target, withCopyOf: skill.path)
            installed.append(Installed(name: skill.name, source: source.source, path: target))
        }
        return (installed, errors)
    }

    /// The source's files on disk: a local directory as is, or a fresh shallow clone.
    private func fetch(_ source: SkillSource) async throws -> (path: String, isTemporary: Bool) {
        guard let url = source.cloneURL else {
            let path = try files.resolve(source.source)
            return (path, false)
        }
        let checkout = FileManager.default.temporaryDirectory.path + "/sandbox-agent-skill-\(UUID().uuidString)"
        var args = ["clone", "--depth", "1", "--quiet"]
        if let ref = source.ref { args += ["--branch", ref] }
        args += ["--", url, checkout]
        let result = try await processes.run(
            ProcessRunRequest(
                command: "git", args: args, cwd: "/",
                env: ["GIT_TERMINAL_PROMPT": "0", "GIT_ALLOW_PROTOCOL": "file:git:http:https:ssh", "GIT_LFS_SKIP_SMUDGE": "1"],
                timeoutMs: Self.cloneTimeoutMs, maxOutputBytes: 16_384),
            owner: .system)
        guard result.exitCode == 0 else {
            try? FileManager.default.removeItem(atPath: checkout)
            let reason = result.timedOut ? "timed out after \(Self.cloneTimeoutMs / 1000) s" : result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw SkillFetchError("git clone \(url) failed: \(reason)")
        }
        return (checkout, true)
    }

    /// The name of a skill that is the whole source: the last path component, without `.git`.
    static func fallbackName(of source: SkillSource) -> String {
        var name = source.subpath.flatMap { $0.split(separator: "/").last.map(String.init) }
            ?? source.source.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? "skill"
        if name.hasSuffix(".git") { name.removeLast(4) }
        return SkillSource.isSkillName(name) ? name : "skill"
    }

    /// Copies `source` next to `target`, drops a `.git` in it, then swaps it in for `target`.
    static func replace(_ target: String, withCopyOf source: String) throws {
        let parent = (target as NSString).deletingLastPathComponent
        let staging = parent + "/.\((target as NSString).lastPathComponent).tmp-\(UUID().uuidString)"
        do {
            try FileManager.default.copyItem(atPath: source, toPath: staging)
            try? FileManager.default.removeItem(atPath: staging + "/.git")
            if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
            try FileManager.default.moveItem(atPath: staging, toPath: target)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }
}

/// Why a skill source could not be fetched.
struct SkillFetchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
