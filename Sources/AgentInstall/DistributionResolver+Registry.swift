/// The ACP registry (`registry.json`): per agent one version, as a binary archive per platform or
/// an npm package run with `npx`.
extension DistributionResolver {
    private struct Registry: Decodable {
        struct Entry: Decodable {
            struct Distribution: Decodable {
                struct Binary: Decodable {
                    var archive: String
                    var cmd: String
                    var args: [String]?
                    var env: [String: String]?
                    var sha256: String?
                }

                struct NPX: Decodable {
                    var package: String
                    var cmd: String?
                    var args: [String]?
                    var env: [String: String]?
                }

                var binary: [String: Binary]?
                var npx: NPX?
            }

            var id: String
            var version: String
            var distribution: Distribution
        }

        var agents: [Entry]
    }

    func resolveRegistryEntry(_ id: String, version: String?) async throws(AgentInstallError) -> ResolvedArtifact {
        let registry = try await fetchJSON(
            Registry.self, from: endpoints.acpRegistry, notFound: .failed("the ACP registry was not found at \(endpoints.acpRegistry)"))
        guard let entry = registry.agents.first(where: { $0.id == id }) else {
            throw AgentInstallError.failed("the ACP registry has no agent \(id)")
        }
        if let version, version != entry.version {
            throw AgentInstallError(.versionNotFound, "the ACP registry offers \(id) \(entry.version) only, not \(version)")
        }
        if let binary = entry.distribution.binary?[platform.registryKey] {
            guard let format = ArchiveFormat(url: binary.archive) else {
                throw AgentInstallError.failed("\(binary.archive) is an archive format this installer cannot unpack")
            }
            let executable = binary.cmd.hasPrefix("./") ? String(binary.cmd.dropFirst(2)) : binary.cmd
            return ResolvedArtifact(
                version: entry.version, source: "acp-registry \(id)@\(entry.version)",
                payload: .download(.init(
                    url: binary.archive, size: nil, checksum: binary.sha256.flatMap(Checksum.sha256(hex:)), format: format,
                    executable: format == .raw ? String(binary.archive.split(separator: "/").last ?? "agent") : executable)),
                args: binary.args ?? [], env: binary.env ?? [:])
        }
        if let npx = entry.distribution.npx {
            return ResolvedArtifact(
                version: entry.version, source: "acp-registry \(id)@\(entry.version) (npx \(npx.package))",
                payload: .npx(package: npx.package, command: npx.cmd), args: npx.args ?? [], env: npx.env ?? [:])
        }
        throw AgentInstallError.failed("the ACP registry has no \(platform.registryKey) binary or npx package for \(id)")
    }
}
