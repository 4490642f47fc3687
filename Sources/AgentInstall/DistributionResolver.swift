import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Finds a version of an agent in its source (npm, GitHub releases, ACP registry) and says what to
/// download and how to check it. One file per source extends it.
struct DistributionResolver: Sendable {
    let http: HTTPClient
    let endpoints: InstallEndpoints
    let platform: HostPlatform

    /// The artifact of `version` (nil: the latest) of `package`.
    func resolve(_ package: AgentPackage, version: String?) async throws(AgentInstallError) -> ResolvedArtifact {
        switch package.source {
        case .npm(let name, let binary):
            try await resolveNPM(name, binary: binary, version: version)
        case .githubRelease(let repository, let tagPrefix, let asset, let binary):
            try await resolveGitHubRelease(repository, tag: version.map { tagPrefix + $0 }, asset: asset, binary: binary, tagPrefix: tagPrefix)
        case .acpRegistry(let id):
            try await resolveRegistryEntry(id, version: version)
        }
    }

    /// GETs `url` and decodes its JSON body as `T`; a 404 becomes the `notFound` error.
    func fetchJSON<T: Decodable>(
        _ type: T.Type, from url: String, accept: String = "application/json", notFound: AgentInstallError
    ) async throws(AgentInstallError) -> T {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: accept)
        request.headers.add(name: "User-Agent", value: "sandbox-agent")
        let body: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: InstallHTTP.requestTimeout)
            if response.status.code == 404 { throw notFound }
            guard response.status.code == 200 else {
                throw AgentInstallError.unavailable("GET \(url) answered \(response.status.code)")
            }
            body = try await response.body.collect(upTo: 64 << 20)
        } catch let error as AgentInstallError {
            throw error
        } catch {
            throw AgentInstallError.unavailable("GET \(url) failed: \(InstallHTTP.describe(error))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch {
            throw AgentInstallError.failed("GET \(url) returned JSON this installer cannot read: \(error)")
        }
    }
}
