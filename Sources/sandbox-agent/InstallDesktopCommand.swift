public import ArgumentParser
public import DesktopRuntime
import Foundation
import ProcessRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `sandbox-agent install desktop`: install Xvfb, openbox, the X11 libraries and fonts with the
/// system package manager, so that POST /v1/desktop/start works.
struct InstallDesktopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desktop",
        abstract: "Install the packages the desktop needs (Xvfb, openbox, X11 libraries, fonts).",
        discussion: """
            Linux only. Uses --package-manager, else the first of apt-get, dnf and apk found on \
            PATH. Prints the package manager, the packages and the exact command; then, unless \
            --print-only, asks for confirmation (skipped with --yes) and runs the command with its \
            output shown. Needs root, or sudo on PATH when not root. Afterwards it checks that Xvfb \
            and openbox are on PATH; start the desktop with POST /v1/desktop/start.

            Exits 0 when installed (or after --print-only); 1 when aborted, when no package manager, \
            root or sudo is available, or when programs are still missing afterwards; with the \
            package manager's exit code when it fails.

            Examples:
              sandbox-agent install desktop --print-only
              sandbox-agent install desktop --yes
              sandbox-agent install desktop --yes --package-manager apk --no-fonts
            """)

    @Flag(help: "Install without asking for confirmation.")
    var yes = false

    @Flag(help: "Print the package manager, packages and command, and exit without installing.")
    var printOnly = false

    @Option(help: ArgumentHelp("Package manager to use instead of detecting one.", valueName: "manager"))
    var packageManager: DesktopDependencies.PackageManager?

    @Flag(help: "Leave out the DejaVu fonts package.")
    var noFonts = false

    func run() async throws {
        do {
            try await install()
        } catch let failure as InstallDesktopFailure {
            Console.error("sandbox-agent: \(failure.description)")
            throw ExitCode(failure.exitCode)
        }
    }

    private func install() async throws {
        #if !os(Linux)
        throw InstallDesktopFailure(
            "desktop installation is only supported on Linux (the desktop runs on Xvfb); "
                + "on Linux it uses apt (Debian/Ubuntu), dnf (Fedora/RHEL) or apk (Alpine).")
        #else
        let path = Foundation.ProcessInfo.processInfo.environment["PATH"]
        guard let manager = packageManager ?? DesktopDependencies.PackageManager.detect(path: path) else {
            throw InstallDesktopFailure(
                "no supported package manager (apt-get, dnf or apk) found on PATH. Install Xvfb and "
                    + "openbox with this system's tools, or pass --package-manager.")
        }
        let plan = DesktopInstallPlan(manager: manager, fonts: !noFonts, isRoot: geteuid() == 0)
        Console.output("Desktop package manager: \(manager.rawValue)")
        Console.output("Desktop packages:")
        for package in plan.packages { Console.output("  - \(package)") }
        Console.output("Install command:")
        Console.output("  \(plan.commandLine)")
        if printOnly { return }

        let executables = try plan.executables(path: path)
        if !yes {
            guard await Self.confirm("Proceed with desktop dependency installation? [y/N] ") else {
                Console.error("Aborted.")
                throw ExitCode.failure
            }
        }
        for (command, executable) in zip(plan.commands, executables) {
            let line = DesktopInstallPlan.render(command)
            Console.output("==> running: \(line)")
            let status: Int32
            do {
                status = try await Self.spawn(executable, Array(command.dropFirst()))
            } catch {
                throw InstallDesktopFailure("cannot run \(executable): \(error.localizedDescription)")
            }
            if status != 0 {
                throw InstallDesktopFailure(
                    "`\(line)` failed with exit code \(status); the desktop dependencies are not installed.",
                    exitCode: status)
            }
        }
        let missing = DesktopDependencies.missing(path: path)
        if !missing.isEmpty {
            throw InstallDesktopFailure(
                "the packages were installed, but \(missing.joined(separator: " and ")) "
                    + "\(missing.count == 1 ? "is" : "are") still missing (programs looked up on PATH \(path ?? ""), shared libraries by soname).")
        }
        Console.output("Desktop dependencies installed. Start the desktop with POST /v1/desktop/start.")
        #endif
    }

    /// Asks `question` on stdout and reads the answer from stdin on a thread of its own; only
    /// "y" or "yes" (any case) is a yes, and EOF is a no.
    private static func confirm(_ question: String) async -> Bool {
        Console.write(Data(question.utf8), to: .standardOutput)
        let answer: String? = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: readLine()) }
        }
        // End the prompt's line when the terminal did not echo an answer (EOF, or stdin not a terminal).
        if answer == nil || isatty(STDIN_FILENO) == 0 { Console.output(answer ?? "") }
        guard let answer else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Runs `executable` with our stdout and stderr (so its progress shows as it happens) and stdin
    /// from /dev/null; returns its exit status, 128+N when signal N ended it.
    private static func spawn(_ executable: String, _ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                let status = process.terminationStatus
                continuation.resume(returning: process.terminationReason == .uncaughtSignal ? 128 + status : status)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}

/// What `install desktop` runs: the package manager, its packages, and the commands, through sudo
/// when not root.
struct DesktopInstallPlan: Equatable {
    var manager: DesktopDependencies.PackageManager
    var packages: [String]
    var sudo: Bool

    init(manager: DesktopDependencies.PackageManager, fonts: Bool, isRoot: Bool) {
        self.manager = manager
        packages = manager.packages(fonts: fonts)
        sudo = !isRoot
    }

    /// Each command as its argument vector, the program first.
    var commands: [[String]] { manager.commands(packages: packages, sudo: sudo) }

    /// The commands as one shell line.
    var commandLine: String { commands.map(Self.render).joined(separator: " && ") }

    /// The absolute path of each command's program on `path`. Fails, saying what to do, when not
    /// root and sudo is missing, or when a program (the package manager) is not on `path`.
    func executables(path: String?) throws(InstallDesktopFailure) -> [String] {
        func locate(_ program: String) -> String? { try? ExecutableLocator.locate(program, path: path, cwd: "/") }
        let sudoPath = sudo ? locate("sudo") : nil
        if sudo && sudoPath == nil {
            throw InstallDesktopFailure(
                "installing packages needs root: not running as root and `sudo` is not on PATH. "
                    + "Rerun this command as root, or run the install command above as root.")
        }
        var executables: [String] = []
        for command in commands {
            let program = sudo ? command[1] : command[0]
            guard let found = locate(program) else {
                throw InstallDesktopFailure(
                    "`\(program)` is not on PATH (\(path ?? "")), so the \(manager.rawValue) packages cannot "
                        + "be installed here. Name this system's package manager with --package-manager (apt, dnf "
                        + "or apk), or leave the option out to detect it.")
            }
            executables.append(sudoPath ?? found)
        }
        return executables
    }

    /// `command` as a shell would need it typed: arguments with special characters single-quoted.
    static func render(_ command: [String]) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        return command.map { argument in
            !argument.isEmpty && argument.allSatisfy(plain.contains)
                ? argument : "'" + argument.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }.joined(separator: " ")
    }
}

/// Why `install desktop` stopped: printed after "sandbox-agent: ", exiting with `exitCode`.
struct InstallDesktopFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32

    init(_ description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}

extension DesktopDependencies.PackageManager: ExpressibleByArgument {}
