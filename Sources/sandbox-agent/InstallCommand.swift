import ArgumentParser

/// `sandbox-agent install`: install what an optional feature needs on this machine.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the system packages an optional feature needs.",
        discussion: """
            Runs the system package manager on this machine (not through a server). Failures are \
            printed to stderr and exit with 1, or with the package manager's own exit code.
            """,
        subcommands: [InstallDesktopCommand.self]
    )
}
