/// GitHub releases: `GET <api>/repos/<owner>/<repo>/releases/latest` or `…/releases/tags/<tag>`.
extension DistributionResolver {
    private struct Release: Decodable {
        struct Asset: Decodable {
            var name: String
            var size: Int64?
            /// `sha256:<hex>`; GitHub computes it for every asset uploaded since mid-2025.
            var digest: String?
            var browserDownloadURL: String

            enum CodingKeys: String, CodingKey {
                case name, size, digest
                case browserDownloadURL = "browser_download_url"
            }
        }

        var tagName: String
        var assets: [Asset]

        enum CodingKeys: String, CodingKey {
            case tagName = "tag_name"
            case assets
        }
    }

    func resolveGitHubRelease(
        _ repository: String, tag: String?, asset name: String, binary: String, tagPrefix: String
    ) async throws(AgentInstallError) -> ResolvedArtifact {
        let path = tag.map { "releases/tags/\($0)" } ?? "releases/latest"
        let release = try await fetchJSON(
            Release.self, from: "\(endpoints.githubAPI)/repos/\(repository)/\(path)", accept: "application/vnd.github+json",
            notFound: tag.map { AgentInstallError(.versionNotFound, "\(repository) has no release \($0)") }
                ?? .failed("\(repository) has no published release"))
        guard let asset = release.assets.first(where: { $0.name == name }) else {
            throw AgentInstallError.failed("release \(release.tagName) of \(repository) has no asset \(name) for this platform")
        }
        guard let format = ArchiveFormat(url: asset.name) else {
            throw AgentInstallError.failed("\(asset.name) is an archive format this installer cannot unpack")
        }
        let version = release.tagName.hasPrefix(tagPrefix) ? String(release.tagName.dropFirst(tagPrefix.count)) : release.tagName
        return ResolvedArtifact(
            version: version, source: "github \(repository)@\(release.tagName)",
            payload: .download(.init(
                url: asset.browserDownloadURL, size: asset.size, checksum: asset.digest.flatMap(Checksum.sha256(hex:)),
                format: format, executable: format == .raw ? name : binary)))
    }
}
