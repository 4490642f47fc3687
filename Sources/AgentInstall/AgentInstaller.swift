public import AsyncHTTPClient
import Foundation
public import Logging
import NIOPosix
public import SandboxAgentAPI

/// Installs agents into the data directory from their distribution sources (npm, GitHub releases,
/// the ACP registry): download, size and checksum check, unpack in a staging directory, then swap
/// the install-directory entry in with one `rename`. Anything failing before the swap leaves the
/// previous install as it was. Installs of one agent are serialised, within this process and
/// across processes (a lock file).
public actor AgentInstaller {
    public nonisolated let packages: [AgentPackage]
    private let layout: InstallLayout
    private let resolver: DistributionResolver
    private let downloader: ArtifactDownloader
    private let searchPath: String
    private let logger: Logger
    /// The last install of each agent started here; the next one waits for it.
    private var tails: [String: Task<Void, Never>] = [:]

    /// - Parameters:
    ///   - dataDirectory: the server's data directory; agents go to `bin/` and `agents/` under it.
    ///   - environment: supplies the source URLs (``InstallEndpoints``) and `PATH` (to find `npx`).
    public init(
        dataDirectory: String, environment: [String: String], platform: HostPlatform = .current(),
        httpClient: HTTPClient = InstallHTTP.client, logger: Logger
    ) {
        packages = AgentPackage.known(for: platform)
        layout = InstallLayout(dataDirectory: dataDirectory)
        resolver = DistributionResolver(http: httpClient, endpoints: .from(environment: environment), platform: platform)
        downloader = ArtifactDownloader(http: httpClient)
        searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        self.logger = logger
    }

    /// The install directory agent discovery looks in first.
    public nonisolated var binDirectory: String { layout.binDirectory }

    /// The package of `agent`, when this installer knows where to get it.
    public nonisolated func package(for agent: String) -> AgentPackage? {
        packages.first { $0.agent == agent }
    }

    /// What is installed for `agent`, when the installer put it there and it is still in place.
    public nonisolated func record(for agent: String) -> InstallRecord? {
        guard let data = FileManager.default.contents(atPath: layout.recordPath(agent)),
              let record = try? JSONDecoder().decode(InstallRecord.self, from: data),
              FileManager.default.isExecutableFile(atPath: record.command)
        else { return nil }
        return record
    }

    /// Installs `agent`, or reports the install in place (`already_installed`) unless `reinstall`
    /// is set or another version is asked for.
    public func install(
        _ agent: String, options: InstallOptions = InstallOptions(), progress: @escaping @Sendable (InstallProgress) -> Void = { _ in }
    ) async throws(AgentInstallError) -> AgentInstallResponse {
        guard let package = package(for: agent) else {
            let known = packages.map(\.agent).joined(separator: ", ")
            throw AgentInstallError(.notInstallable, "no install source is known for agent '\(agent)'; installable agents: \(known)")
        }
        if let version = options.version { try Self.validate(version: version) }
        let previous = tails[agent]
        let task = Task { () -> Result<AgentInstallResponse, AgentInstallError> in
            await previous?.value
            do throws(AgentInstallError) {
                return .success(try await self.perform(package, options: options, progress: progress))
            } catch {
                return .failure(error)
            }
        }
        tails[agent] = Task { _ = await task.value }
        let timedOut = options.deadline.map { deadline in
            Task {
                try? await Task.sleep(for: deadline)
                if !Task.isCancelled { task.cancel() }
                return !Task.isCancelled
            }
        }
        let result = await task.value
        timedOut?.cancel()
        do throws(AgentInstallError) {
            if case .failure = result, let timedOut, await timedOut.value, let deadline = options.deadline {
                throw AgentInstallError.unavailable(
                    "the install from \(package.sourceDescription) did not finish within \(deadline) (SANDBOX_AGENT_INSTALL_TIMEOUT_MS)")
            }
            return try result.get()
        } catch where error.code == .sourceUnavailable {
            throw AgentInstallError.unavailable("cannot install \(agent): \(error.message). \(Self.remedy(agent))")
        }
    }

    /// What to do when the sources cannot be reached from here.
    static func remedy(_ agent: String) -> String {
        "Install it where the network is reachable with `sandbox-agent install-agent \(agent)` (same data directory), "
            + "start the server with --require-preinstall to refuse missing agents at once, or point "
            + "SANDBOX_AGENT_NPM_REGISTRY_URL, SANDBOX_AGENT_GITHUB_API_URL or SANDBOX_AGENT_ACP_REGISTRY_URL at a reachable mirror."
    }

    private func perform(
        _ package: AgentPackage, options: InstallOptions, progress: @escaping @Sendable (InstallProgress) -> Void
    ) async throws(AgentInstallError) -> AgentInstallResponse {
        try createDirectory(layout.agentDirectory(package.agent))
        try createDirectory(layout.binDirectory)
        return try await InstallLock.holding(layout.lockPath(package.agent)) { () throws(AgentInstallError) in
            if !options.reinstall, let record = record(for: package.agent), options.version == nil || options.version == record.version {
                return AgentInstallResponse(alreadyInstalled: true, record: record)
            }
            progress(.resolving(source: package.sourceDescription))
            let artifact = try await resolver.resolve(package, version: options.version)
            logger.info("installing agent", metadata: ["agent": "\(package.agent)", "version": "\(artifact.version)", "source": "\(artifact.source)"])
            let record = try await put(artifact, of: package, progress: progress)
            progress(.installed(version: record.version, path: record.command))
            return AgentInstallResponse(alreadyInstalled: false, record: record)
        }
    }

    /// Downloads and unpacks `artifact` in a staging directory, moves it into place, swaps the
    /// install-directory entry and writes the record; then removes the versions no longer used.
    private func put(
        _ artifact: ResolvedArtifact, of package: AgentPackage, progress: @escaping @Sendable (InstallProgress) -> Void
    ) async throws(AgentInstallError) -> InstallRecord {
        let staging = layout.agentsDirectory + "/.staging-" + UUID().uuidString
        try createDirectory(staging)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let command = layout.command(package.command)
        var directory: String?
        switch artifact.payload {
        case .download(let download):
            try await downloader.download(download, to: staging + "/download") { received, total in
                progress(.downloading(received: received, total: total))
            }
            progress(.unpacking)
            try await Self.unpack(download, in: staging)
            let final = layout.agentDirectory(package.agent) + "/" + artifact.version + "-" + UUID().uuidString.prefix(8).lowercased()
            try Self.makeRunnable(staging + "/files/" + download.executable, named: download.executable)
            try move(staging + "/files", to: final)
            directory = final
            let executable = final + "/" + download.executable
            if artifact.args.isEmpty && artifact.env.isEmpty {
                try layout.replaceWithSymlink(command, to: executable)
            } else {
                try writeLauncher(command, program: executable, artifact: artifact, package: package)
            }
        case .npx(let npmPackage, let npmCommand):
            guard let npx = Self.find("npx", in: searchPath) else {
                throw AgentInstallError.failed(
                    "\(package.agent) is distributed as the npm package \(npmPackage), which runs through npx: install Node.js (npx) first")
            }
            var launched = artifact
            launched.args = (npmCommand.map { ["-y", "--package", npmPackage, $0] } ?? ["-y", npmPackage]) + artifact.args
            try writeLauncher(command, program: npx, artifact: launched, package: package)
        }
        let record = InstallRecord(
            agent: package.agent, version: artifact.version, source: artifact.source, command: command, directory: directory,
            kind: { if case .acpRegistry = package.source { "agent_process" } else { "native_cli" } }(),
            installedAt: Int64(Date().timeIntervalSince1970 * 1000))
        try writeRecord(record)
        removeUnusedVersions(of: package.agent, keeping: directory)
        return record
    }

    /// Unpacks the download in `staging` to `staging/files` on the blocking-I/O pool.
    private static func unpack(_ download: ResolvedArtifact.Download, in staging: String) async throws(AgentInstallError) {
        do {
            try await NIOThreadPool.singleton.runIfActive {
                try ArchiveUnpacker.unpack(staging + "/download", format: download.format, executable: download.executable, into: staging + "/files")
            }
        } catch let error as AgentInstallError {
            throw error
        } catch {
            throw AgentInstallError.failed("cannot unpack the download: \(error)")
        }
    }

    private func writeLauncher(_ path: String, program: String, artifact: ResolvedArtifact, package: AgentPackage) throws(AgentInstallError) {
        let script = LauncherScript(
            comment: "\(package.agent) \(artifact.version) from \(artifact.source)", environment: artifact.env, program: program,
            arguments: artifact.args)
        try layout.replaceFile(path, contents: Data(script.text.utf8), mode: 0o755)
    }

    private func writeRecord(_ record: InstallRecord) throws(AgentInstallError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(record) else { throw AgentInstallError.failed("cannot encode the install record") }
        try layout.replaceFile(layout.recordPath(record.agent), contents: data, mode: 0o644)
    }

    private func removeUnusedVersions(of agent: String, keeping directory: String?) {
        let parent = layout.agentDirectory(agent)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name != "install.json" && !name.hasPrefix(".") {
            let path = parent + "/" + name
            if path != directory { try? FileManager.default.removeItem(atPath: path) }
        }
    }

    /// Checks the unpacked executable is a regular file and makes it executable.
    private static func makeRunnable(_ path: String, named name: String) throws(AgentInstallError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw AgentInstallError.failed("the archive has no \(name)") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw AgentInstallError.failed("\(name) in the archive is not a regular file") }
        guard chmod(path, (info.st_mode & 0o7777) | 0o755) == 0 else { throw AgentInstallError.failed("cannot make \(name) executable") }
    }

    /// Versions appear in paths and URLs: letters, digits and `.+-_` only, like semver and tags.
    static func validate(version: String) throws(AgentInstallError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".+-_"))
        guard !version.isEmpty, version.count <= 64, !version.hasPrefix("."), !version.hasPrefix("-"),
              version.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) })
        else { throw AgentInstallError(.invalidRequest, "the version must look like 1.2.3 (letters, digits, . + - _), not '\(version)'") }
    }

    static func find(_ name: String, in searchPath: String) -> String? {
        searchPath.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func createDirectory(_ path: String) throws(AgentInstallError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw AgentInstallError.failed("cannot create \(path): \(error)")
        }
    }

    private func move(_ source: String, to destination: String) throws(AgentInstallError) {
        do {
            try FileManager.default.moveItem(atPath: source, toPath: destination)
        } catch {
            throw AgentInstallError.failed("cannot move the unpacked files to \(destination): \(error)")
        }
    }
}
