/// One version of an agent, located in its source: what to download (or run through `npx`) and
/// how to start it once installed.
struct ResolvedArtifact: Sendable, Equatable {
    /// A file to fetch, check and unpack.
    struct Download: Sendable, Equatable {
        var url: String
        /// The exact size the source announces, when it does.
        var size: Int64?
        var checksum: Checksum?
        var format: ArchiveFormat
        /// Path of the executable inside the unpacked archive (the file itself for `.raw`).
        var executable: String
    }

    /// How the agent is obtained.
    enum Payload: Sendable, Equatable {
        case download(Download)
        /// An npm package run through `npx -y` (it needs Node.js at run time).
        case npx(package: String, command: String?)
    }

    var version: String
    /// Where it came from, for the install record and `GET /v1/agents`: a URL or a package name.
    var source: String
    var payload: Payload
    /// Arguments the agent always gets (e.g. `acp`).
    var args: [String] = []
    /// Environment the agent always gets.
    var env: [String: String] = [:]
}

/// The archive formats the installer unpacks.
enum ArchiveFormat: Sendable, Equatable {
    case tarGzip
    /// The download is the executable itself.
    case raw

    /// The format of a file from its URL; nil for one this installer cannot unpack (zip, bzip2).
    init?(url: String) {
        let path = url.split(separator: "?").first.map(String.init) ?? url
        if path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz") {
            self = .tarGzip
        } else if [".zip", ".tar.bz2", ".tbz2", ".tar.xz"].contains(where: path.hasSuffix) {
            return nil
        } else {
            self = .raw
        }
    }
}
