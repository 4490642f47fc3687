import Foundation

/// The machine the agents are installed for, in each distribution's spelling.
public struct HostPlatform: Sendable, Equatable {
    /// CPU architecture.
    public enum Architecture: String, Sendable {
        case x86_64, aarch64
    }

    public var architecture: Architecture
    /// Whether the C library is musl (Alpine), which some distributions build for separately.
    public var isMusl: Bool

    public init(architecture: Architecture, isMusl: Bool) {
        self.architecture = architecture
        self.isMusl = isMusl
    }

    /// This machine: `uname -m`, and musl when its dynamic loader `/lib/ld-musl-*.so.1` exists.
    public static func current() -> HostPlatform {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let musl = ((try? FileManager.default.contentsOfDirectory(atPath: "/lib")) ?? [])
            .contains { $0.hasPrefix("ld-musl-") && $0.hasSuffix(".so.1") }
        return HostPlatform(architecture: machine == "aarch64" || machine == "arm64" ? .aarch64 : .x86_64, isMusl: musl)
    }

    /// npm's `<os>-<cpu>[-musl]` package suffix: `linux-x64`, `linux-arm64-musl`, …
    public var npmSuffix: String {
        "linux-" + (architecture == .x86_64 ? "x64" : "arm64") + (isMusl ? "-musl" : "")
    }

    /// The Rust target triple of the statically linked (musl) builds: `x86_64-unknown-linux-musl`.
    public var muslTarget: String { architecture.rawValue + "-unknown-linux-musl" }

    /// The ACP registry's platform key: `linux-x86_64` or `linux-aarch64`.
    public var registryKey: String { "linux-" + architecture.rawValue }
}
