import ArgumentParser

/// The command line, working directory and environment shared by `processes run` and `processes start`.
struct APIProcessLaunchOptions: ParsableArguments {
    @Option(help: "Working directory of the process on the server.")
    var cwd: String?

    @Option(name: .customLong("env"), help: ArgumentHelp("Set an environment variable (repeatable).", valueName: "KEY=VALUE"))
    var environmentAssignments: [String] = []

    @Argument(help: "Command to run (looked up in the server's PATH); options of this command go before it.")
    var command: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the command unchanged.")
    var args: [String] = []

    /// The `--env` assignments as a dictionary, nil when there are none.
    var environment: [String: String]? {
        guard !environmentAssignments.isEmpty else { return nil }
        return Dictionary(environmentAssignments.map(Self.split), uniquingKeysWith: { _, last in last })
    }

    func validate() throws {
        for assignment in environmentAssignments where Self.split(assignment).key.isEmpty {
            throw ValidationError("--env takes KEY=VALUE, got '\(assignment)'")
        }
    }

    /// `KEY=VALUE` split at the first `=`; an empty key when there is none.
    private static func split(_ assignment: String) -> (key: String, value: String) {
        guard let equals = assignment.firstIndex(of: "=") else { return ("", assignment) }
        return (String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
    }
}
