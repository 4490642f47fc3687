import Foundation

/// The POSIX shell script put in the install directory for an agent that needs arguments or
/// environment (or runs through `npx`): exports the variables, then `exec`s the program.
struct LauncherScript {
    var comment: String
    var environment: [String: String]
    var program: String
    var arguments: [String]

    var text: String {
        var lines = ["#!/bin/sh", "# \(comment.replacingOccurrences(of: "\n", with: " "))", "# Written by sandbox-agent install-agent; reinstalling replaces it."]
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where Self.isVariableName(name) {
            lines.append("export \(name)=\(Self.quoted(value))")
        }
        lines.append((["exec", Self.quoted(program)] + arguments.map(Self.quoted) + ["\"$@\""]).joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `value` in single quotes, embedded quotes escaped: safe for any content.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || CharacterSet.letters.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }
}
