import DesktopRuntime
import Foundation
import Glibc
import Testing

@testable import sandbox_agent

/// `sandbox-agent install desktop` against fake package managers: PATH is a temporary directory of
/// shell scripts that record their arguments, so the real run path is tested without touching the
/// system.
@Suite("sandbox-agent install desktop")
struct InstallDesktopTests {
    typealias PackageManager = DesktopDependencies.PackageManager

    /// Whether the binary under test runs the commands through sudo (it runs as our user).
    private let sudo = geteuid() != 0

    /// The commands `install desktop` prints and runs for `manager`; the fake programs record them
    /// without the sudo prefix (the fake sudo only runs its arguments).
    private func expectedCommands(_ manager: PackageManager, fonts: Bool = true, sudo: Bool? = nil) -> [[String]] {
        manager.commands(packages: manager.packages(fonts: fonts), sudo: sudo ?? self.sudo)
    }

    /// A directory of fake programs: each records its name and arguments, tab-separated, as one line
    /// of `log`, then runs its extra shell `body` (default: exit 0). With `sudo`, also a `sudo` that
    /// just runs its arguments (used only when the tests do not run as root).
    private struct FakeBin {
        let directory: URL
        var log: URL { directory.appendingPathComponent("invocations.log") }

        init(in parent: URL, _ programs: [String: String], sudo: Bool = true) throws {
            directory = parent.appendingPathComponent("bin")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, body) in programs {
                try write(name, """
                    #!/bin/sh
                    {
                      printf '%s' '\(name)'
                      for argument in "$@"; do printf '\\t%s' "$argument"; done
                      printf '\\n'
                    } >> '\(log.path)'
                    \(body)
                    exit 0

                    """)
            }
            if sudo { try write("sudo", "#!/bin/sh\nexec \"$@\"\n") }
        }

        private func write(_ name: String, _ script: String) throws {
            let url = directory.appendingPathComponent(name)
            try script.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }

        /// Every recorded invocation, as argument vectors; empty when nothing ran.
        func invocations() -> [[String]] {
            guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        }

        /// The environment that makes these programs the only ones on PATH.
        var environment: [String: String] { ["PATH": directory.path] }
    }

    /// The fake programs each manager's commands run (apt runs its install step through `env`).
    private static func programs(of manager: PackageManager, body: String = "") -> [String: String] {
        switch manager {
        case .apt: ["apt-get": body, "env": body]
        case .dnf: ["dnf": body]
        case .apk: ["apk": body]
        }
    }

    @Test(arguments: PackageManager.allCases)
    func printOnlyShowsThePackagesAndTheCommand(_ manager: PackageManager) async throws {
        for fonts in [true, false] {
            let result = try await sandboxAgent(
                ["install", "desktop", "--print-only", "--package-manager", manager.rawValue] + (fonts ? [] : ["--no-fonts"]))
            #expect(result.code == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "Desktop package manager: \(manager.rawValue)")
            let listed = lines.filter { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
            #expect(listed == manager.packages(fonts: fonts))
            let commandLine = expectedCommands(manager, fonts: fonts).map { $0.joined(separator: " ") }.joined(separator: " && ")
            #expect(lines.last == "  \(commandLine)")
            #expect(!result.stdout.contains("==> running"))
            #expect(!result.stdout.contains("Proceed"))
        }
    }

    @Test func aptPackageListHasTheXServerAndWindowManagerAndDropsFontsOnRequest() async throws {
        let withFonts = try await sandboxAgent(["install", "desktop", "--print-only", "--package-manager", "apt"])
        #expect(withFonts.code == 0)
        for package in ["xvfb", "openbox", "fonts-dejavu-core"] { #expect(withFonts.stdout.contains("  - \(package)\n")) }
        #expect(withFonts.stdout.contains("apt-get update && "))
        #expect(withFonts.stdout.contains("env DEBIAN_FRONTEND=noninteractive apt-get install -y"))

        let noFonts = try await sandboxAgent(["install", "desktop", "--print-only", "--package-manager", "apt", "--no-fonts"])
        #expect(noFonts.code == 0)
        #expect(noFonts.stdout.contains("  - xvfb\n"))
        #expect(noFonts.stdout.contains("  - openbox\n"))
        #expect(!noFonts.stdout.contains("fonts-dejavu-core"))
    }

    @Test func anUnknownPackageManagerIsAUsageError() async throws {
        let result = try await sandboxAgent(["install", "desktop", "--print-only", "--package-manager", "yum"])
        #expect(result.code == 64)
        #expect(result.stderr.contains("yum"))
        #expect(result.stderr.contains("--package-manager"))
        #expect(result.stdout.isEmpty)
    }

    @Test func noPackageManagerOnPathIsAClearError() async throws {
        try await withTemporaryDirectory { directory in
            let bin = try FakeBin(in: directory, [:])
            let result = try await sandboxAgent(["install", "desktop", "--print-only"], environment: bin.environment)
            #expect(result.code == 1)
            #expect(result.stderr.contains("no supported package manager (apt-get, dnf or apk) found on PATH"))
        }
    }

    @Test func aNamedPackageManagerMissingFromPathIsAClearError() async throws {
        try await withTemporaryDirectory { directory in
            let bin = try FakeBin(in: directory, Self.programs(of: .apt))
            let result = try await sandboxAgent(["install", "desktop", "--yes", "--package-manager", "dnf"], environment: bin.environment)
            #expect(result.code == 1)
            #expect(result.stderr.contains("`dnf` is not on PATH"), "\(result.stderr)")
            #expect(!result.stdout.contains("==> running"))
            #expect(bin.invocations().isEmpty)
        }
    }

    @Test func withoutYesAnythingButYesAborts() async throws {
        try await withTemporaryDirectory { directory in
            let bin = try FakeBin(in: directory, Self.programs(of: .apt))
            // "n", an empty line, and EOF on stdin.
            for input in [#"printf 'n\n' | "$0" install desktop"#, #"printf '\n' | "$0" install desktop"#, #""$0" install desktop < /dev/null"#] {
                let result = try await RunningCommand(
                    URL(fileURLWithPath: "/bin/sh"), ["-c", input, TestServer.binary.path], environment: bin.environment
                ).finish()
                #expect(result.code == 1, "\(input): \(result.stderr)")
                #expect(result.stdout.contains("Proceed with desktop dependency installation? [y/N] "))
                #expect(result.stderr == "Aborted.\n", "\(input)")
                #expect(!result.stdout.contains("==> running"))
                #expect(bin.invocations().isEmpty)
            }
        }
    }

    @Test func answeringYesRunsTheCommands() async throws {
        try await withTemporaryDirectory { directory in
            let bin = try FakeBin(in: directory, Self.programs(of: .dnf))
            let result = try await RunningCommand(
                URL(fileURLWithPath: "/bin/sh"), ["-c", #"printf 'Yes\n' | "$0" install desktop"#, TestServer.binary.path],
                environment: bin.environment
            ).finish()
            #expect(bin.invocations() == expectedCommands(.dnf, sudo: false))
            #expect(result.stdout.contains("==> running: \(expectedCommands(.dnf)[0].joined(separator: " "))"))
            // The fake dnf installed nothing.
            #expect(result.code == 1)
            #expect(result.stderr.contains("Xvfb and openbox are still missing"), "\(result.stderr)")
        }
    }

    @Test func yesRunsExactlyTheAptCommandsInOrderWithProgress() async throws {
        try await withTemporaryDirectory { directory in
            let bin = try FakeBin(in: directory, Self.programs(of: .apt))
            let result = try await sandboxAgent(["install", "desktop", "--yes"], environment: bin.environment)
            #expect(bin.invocations() == expectedCommands(.apt, sudo: false))
            let progress = result.stdout.split(separator: "\n").filter { $0.hasPrefix("==> running: ") }.map(String.init)
            #expect(progress == expectedCommands(.apt).map { "==> running: " + $0.joined(separator: " ") })
            #expect(!result.stdout.contains("Proceed"))
            #expect(result.code == 1)
            #expect(result.stderr.contains("the packages were installed, but Xvfb and openbox are still missing"))
        }
    }

    @Test func aDetectedManagerThatInstallsTheProgramsReportsSuccess() async throws {
        try await withTemporaryDirectory { directory in
            // A fake apk that "installs" Xvfb and openbox next to itself; detected without --package-manager.
            let install = ["Xvfb", "openbox"].map { name in
                "printf '#!/bin/sh\\n' > \"$(dirname \"$0\")/\(name)\"; chmod 755 \"$(dirname \"$0\")/\(name)\""
            }
            let bin = try FakeBin(in: directory, ["apk": "PATH=/usr/bin:/bin\n" + install.joined(separator: "\n")])
            let result = try await sandboxAgent(["install", "desktop", "--yes", "--no-fonts"], environment: bin.environment)
            #expect(result.code == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("Desktop package manager: apk\n"))
            #expect(bin.invocations() == expectedCommands(.apk, fonts: false, sudo: false))
            #expect(result.stdout.hasSuffix("Desktop dependencies installed. Start the desktop with POST /v1/desktop/start.\n"))
            #expect(result.stderr.isEmpty)
        }
    }

    @Test func aFailingStepStopsWithItsExitCode() async throws {
        try await withTemporaryDirectory { directory in
            let bin = try FakeBin(in: directory, ["apt-get": "exit 100", "env": ""])
            let result = try await sandboxAgent(["install", "desktop", "--yes"], environment: bin.environment)
            let update = expectedCommands(.apt)[0]
            #expect(result.code == 100)
            #expect(bin.invocations() == [expectedCommands(.apt, sudo: false)[0]])
            #expect(result.stderr.contains("`\(update.joined(separator: " "))` failed with exit code 100"), "\(result.stderr)")
            #expect(!result.stdout.contains("Desktop dependencies installed"))
        }
    }

    /// The root/sudo decision, which this suite cannot exercise end to end when it runs as root.
    @Test func sudoIsUsedWhenNotRootAndMustBeOnPath() async throws {
        try await withTemporaryDirectory { directory in
            let withoutSudo = try FakeBin(in: directory.appendingPathComponent("a"), Self.programs(of: .apk), sudo: false)
            let withSudo = try FakeBin(in: directory.appendingPathComponent("b"), Self.programs(of: .apk))

            let root = DesktopInstallPlan(manager: .apk, fonts: true, isRoot: true)
            #expect(root.commands == PackageManager.apk.commands(packages: PackageManager.apk.packages(fonts: true), sudo: false))
            #expect(try root.executables(path: withoutSudo.directory.path) == [withoutSudo.directory.appendingPathComponent("apk").path])

            let user = DesktopInstallPlan(manager: .apk, fonts: true, isRoot: false)
            #expect(user.commands.allSatisfy { $0.first == "sudo" })
            #expect(user.commandLine.hasPrefix("sudo apk add --no-cache "))
            #expect(try user.executables(path: withSudo.directory.path) == [withSudo.directory.appendingPathComponent("sudo").path])
            let failure = #expect(throws: InstallDesktopFailure.self) { try user.executables(path: withoutSudo.directory.path) }
            #expect(failure?.description.contains("not running as root and `sudo` is not on PATH") == true)
        }
    }

    @Test func renderQuotesOnlyWhatTheShellNeedsQuoted() {
        #expect(DesktopInstallPlan.render(["env", "A=b", "apt-get", "-y", "x11-utils"]) == "env A=b apt-get -y x11-utils")
        #expect(DesktopInstallPlan.render(["echo", "a b", "it's", ""]) == #"echo 'a b' 'it'\''s' ''"#)
    }
}
