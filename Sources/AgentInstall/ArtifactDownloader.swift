import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Streams a download to disk while hashing it, and refuses it unless size and checksum match.
struct ArtifactDownloader: Sendable {
    let http: HTTPClient
    /// No agent is bigger; a body past this is refused as it streams.
    var limit: Int64 = 1 << 30

    /// Downloads `artifact` to `path` and verifies it; `progress` gets (bytes so far, expected total).
    func download(
        _ artifact: ResolvedArtifact.Download, to path: String, progress: (Int64, Int64?) -> Void
    ) async throws(AgentInstallError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw AgentInstallError.failed("cannot create \(path)")
        }
        defer { try? file.close() }
        var hasher = artifact.checksum?.makeHasher()
        var received: Int64 = 0
        do {
            var request = HTTPClientRequest(url: artifact.url)
            request.headers.add(name: "User-Agent", value: "sandbox-agent")
            let response = try await http.execute(request, timeout: .minutes(30))
            guard response.status.code == 200 else {
                throw AgentInstallError.unavailable("GET \(artifact.url) answered \(response.status.code)")
            }
            let total = artifact.size ?? response.headers.first(name: "Content-Length").flatMap { Int64($0) }
            progress(0, total)
            for try await chunk in response.body {
                received += Int64(chunk.readableBytes)
                if received > (artifact.size ?? limit) {
                    throw AgentInstallError.failed("\(artifact.url) is larger than the \(artifact.size ?? limit) bytes announced")
                }
                chunk.withUnsafeReadableBytes { bytes in hasher?.update(bytes) }
                try file.write(contentsOf: chunk.readableBytesView)
                progress(received, total)
            }
        } catch let error as AgentInstallError {
            throw error
        } catch {
            throw AgentInstallError.unavailable("downloading \(artifact.url) failed: \(InstallHTTP.describe(error))")
        }
        if let size = artifact.size, received != size {
            throw AgentInstallError.failed("\(artifact.url) is \(received) bytes, the source announced \(size): refused")
        }
        if let checksum = artifact.checksum, let actual = hasher?.finalize(), actual != checksum.digest {
            throw AgentInstallError.failed(
                "\(artifact.url) does not match its \(checksum.algorithm.rawValue) checksum (expected \(checksum.hex), got \(Checksum(algorithm: checksum.algorithm, digest: actual).hex)): refused")
        }
    }
}
