import Foundation
import Testing

@testable import AgentInstall

@Suite("Agent install: sources, checksums, launchers")
struct AgentInstallUnitTests {
    @Test func platformSpellings() {
        let intel = HostPlatform(architecture: .x86_64, isMusl: false)
        #expect(intel.npmSuffix == "linux-x64" && intel.muslTarget == "x86_64-unknown-linux-musl" && intel.registryKey == "linux-x86_64")
        let alpineArm = HostPlatform(architecture: .aarch64, isMusl: true)
        #expect(alpineArm.npmSuffix == "linux-arm64-musl" && alpineArm.registryKey == "linux-aarch64")
        let packages = AgentPackage.known(for: alpineArm)
        #expect(packages.map(\.agent) == ["claude", "codex", "opencode", "amp", "cursor", "pi", "gemini"])
        #expect(packages[0].source == .npm(package: "@anthropic-ai/claude-code-linux-arm64-musl", binary: "claude"))
    }

    @Test func checksumsParseFromEachSourcesSpelling() throws {
        let hex = String(repeating: "ab", count: 32)
        #expect(Checksum.sha256(hex: "sha256:" + hex)?.digest == [UInt8](repeating: 0xAB, count: 32))
        #expect(Checksum.sha256(hex: hex)?.hex == hex)
        #expect(Checksum.sha256(hex: "sha256:abc") == nil && Checksum.sha256(hex: String(repeating: "zz", count: 32)) == nil)
        let digest = Data(repeating: 7, count: 64).base64EncodedString()
        let sri = try #require(Checksum.subresourceIntegrity("sha1-AAAA sha512-" + digest))
        #expect(sri.algorithm == .sha512 && sri.digest == [UInt8](repeating: 7, count: 64))
        #expect(Checksum.subresourceIntegrity("md5-abc") == nil)
    }

    @Test func theStreamingHashMatchesKnownDigests() {
        var hasher = Checksum(algorithm: .sha256, digest: []).makeHasher()
        Data("abc".utf8).withUnsafeBytes { hasher.update($0) }
        #expect(Checksum(algorithm: .sha256, digest: hasher.finalize()).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func archiveFormatsFromURLs() {
        #expect(ArchiveFormat(url: "https://x/a.tar.gz") == .tarGzip && ArchiveFormat(url: "https://x/a.tgz?sig=1") == .tarGzip)
        #expect(ArchiveFormat(url: "https://x/agent") == .raw)
        #expect(ArchiveFormat(url: "https://x/a.zip") == nil && ArchiveFormat(url: "https://x/a.tar.bz2") == nil)
    }

    @Test func launcherScriptsQuoteEverything() {
        let script = LauncherScript(
            comment: "x\ny", environment: ["B_KEY": "it's", "bad name": "dropped", "A": "$HOME"], program: "/opt/a b/agent",
            arguments: ["--flag", "two words"])
        #expect(script.text == """
            #!/bin/sh
            # x y
            # Written by sandbox-agent install-agent; reinstalling replaces it.
            export A='$HOME'
            export B_KEY='it'\\''s'
            exec '/opt/a b/agent' '--flag' 'two words' "$@"

            """)
    }

    @Test func versionsThatCouldEscapeAPathAreRefused() {
        for bad in ["", "../x", "1.0/..", ".hidden", "-rf", "1 0", String(repeating: "1", count: 65), "é"] {
            #expect(throws: AgentInstallError.self) { try AgentInstaller.validate(version: bad) }
        }
        for good in ["1.2.3", "2.1.400", "1.0.0-beta.1+build", "rust_v1"] {
            #expect(throws: Never.self) { try AgentInstaller.validate(version: good) }
        }
    }

    @Test func endpointsComeFromTheEnvironment() {
        let defaults = InstallEndpoints.from(environment: [:])
        #expect(defaults.npmRegistry == "https://registry.npmjs.org" && defaults.githubAPI == "https://api.github.com")
        let custom = InstallEndpoints.from(environment: ["SANDBOX_AGENT_NPM_REGISTRY_URL": "http://mirror/npm/", "SANDBOX_AGENT_GITHUB_API_URL": ""])
        #expect(custom.npmRegistry == "http://mirror/npm" && custom.githubAPI == "https://api.github.com")
    }
}
