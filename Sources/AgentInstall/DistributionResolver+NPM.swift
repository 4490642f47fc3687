import Foundation

/// npm: the package document (`GET <registry>/<name>`), abbreviated form.
extension DistributionResolver {
    private struct Packument: Decodable {
        struct Version: Decodable {
            struct Dist: Decodable {
                var tarball: String
                var integrity: String?
            }

            var dist: Dist
        }

        var distTags: [String: String]
        var versions: [String: Version]

        enum CodingKeys: String, CodingKey {
            case distTags = "dist-tags"
            case versions
        }
    }

    func resolveNPM(_ name: String, binary: String, version: String?) async throws(AgentInstallError) -> ResolvedArtifact {
        let escaped = name.replacingOccurrences(of: "/", with: "%2F")
        let document = try await fetchJSON(
            Packument.self, from: endpoints.npmRegistry + "/" + escaped,
            accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8",
            notFound: .failed("npm has no package \(name)"))
        guard let chosen = version ?? document.distTags["latest"] else {
            throw AgentInstallError.failed("npm package \(name) has no latest version")
        }
        guard let entry = document.versions[chosen] else {
            let recent = document.versions.keys.sorted().suffix(5).joined(separator: ", ")
            throw AgentInstallError(.versionNotFound, "npm package \(name) has no version \(chosen) (recent: \(recent))")
        }
        guard let integrity = entry.dist.integrity, let checksum = Checksum.subresourceIntegrity(integrity) else {
            throw AgentInstallError.failed("npm package \(name)@\(chosen) has no usable integrity hash")
        }
        return ResolvedArtifact(
            version: chosen, source: "npm \(name)@\(chosen)",
            payload: .download(.init(url: entry.dist.tarball, size: nil, checksum: checksum, format: .tarGzip, executable: "package/" + binary)))
    }
}
