import ArgumentParser

/// Upstream's global `-t, --token TOKEN` and `-n, --no-token`, given before the subcommand
/// (`sandbox-agent --token T api agents list`). swift-argument-parser has no global options, so
/// the entry point takes them off the front of the command line before parsing; `server` and the
/// commands that talk to a server (`api …`, `mcp desktop`) apply them as if they had been given
/// after the subcommand. Other commands have no token to set and ignore them.
struct RootTokenFlags: Sendable, Equatable {
    var token: String?
    var noToken = false

    /// The flags taken off the command line this process was started with (set once, before parsing).
    nonisolated(unsafe) static var current = RootTokenFlags()

    /// Splits the leading root-level token flags off `arguments` (without the program name): every
    /// `-t X`, `--token X`, `--token=X`, `-tX`, `-n`, `--no-token` before the first other argument.
    /// Throws for a `--token` without a value or both flags together.
    static func extract(from arguments: [String]) throws -> (flags: RootTokenFlags, rest: [String]) {
        var flags = RootTokenFlags()
        var index = 0
        scan: while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-t", "--token":
                guard index + 1 < arguments.count else { throw ValidationError("missing value for '\(argument) <token>'") }
                flags.token = arguments[index + 1]
                index += 2
            case "-n", "--no-token":
                flags.noToken = true
                index += 1
            case _ where argument.hasPrefix("--token="):
                flags.token = String(argument.dropFirst("--token=".count))
                index += 1
            case _ where argument.hasPrefix("-t") && !argument.hasPrefix("--") && argument.count > 2:
                flags.token = String(argument.dropFirst(2))
                index += 1
            default:
                break scan
            }
        }
        if flags.token != nil && flags.noToken { throw ValidationError("--token and --no-token exclude each other") }
        return (flags, Array(arguments[index...]))
    }

    /// Combines these root-level flags with a subcommand's own `--token`/`--no-token`: either may
    /// be given, both only when they agree.
    func merged(token ownToken: String?, noToken ownNoToken: Bool) throws -> RootTokenFlags {
        if ownToken != nil && ownNoToken { throw ValidationError("--token and --no-token exclude each other") }
        if let token, let ownToken, token != ownToken {
            throw ValidationError("--token is given twice with different values (before and after the subcommand)")
        }
        if (token != nil && ownNoToken) || (noToken && ownToken != nil) {
            throw ValidationError("--token and --no-token exclude each other (one was given before the subcommand, the other after it)")
        }
        return RootTokenFlags(token: ownToken ?? token, noToken: ownNoToken || noToken)
    }

    /// The help text's paragraph about the root-level flags.
    static let help = """
        Global options, given before the subcommand as upstream's CLI takes them:
          -t, --token <token>   Bearer token: the server's (server) or the
                                client's (api …, mcp desktop).
          -n, --no-token        No auth: server ignores SANDBOX_AGENT_TOKEN,
                                api … sends no token.
        The subcommand's own --token/--no-token work too; both with different
        values is an error. Other commands ignore these.
        """
}

/// The process entry point: takes upstream's root-level token flags off the command line, then
/// parses the rest as `sandbox-agent`.
@main
enum SandboxAgentMain {
    static func main() async {
        do {
            let (flags, rest) = try RootTokenFlags.extract(from: Array(CommandLine.arguments.dropFirst()))
            RootTokenFlags.current = flags
            await SandboxAgentCommand.main(rest)
        } catch {
            SandboxAgentCommand.exit(withError: error)
        }
    }
}
