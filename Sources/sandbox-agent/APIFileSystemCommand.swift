import ArgumentParser
import FileSystem
import Foundation
import SandboxAgentAPI
import SandboxAgentClient

/// `sandbox-agent api fs …`: the `/v1/fs` operations.
struct APIFileSystemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fs",
        abstract: "Read and change files on the server.",
        discussion: """
            Remote paths are absolute, relative to the server's working directory (or --fs-root), or start \
            with ~ for its home directory.
            """,
        subcommands: [List.self, Stat.self, Cat.self, Get.self, Put.self, Remove.self, MakeDirectory.self, Move.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List a directory.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Remote directory.")
        var path = "."

        func run() async throws {
            try await options.withClient { client in
                let entries = try await client.listEntries(path: path)
                let rows = entries.map { [$0.name, $0.entryType.rawValue, String($0.size), $0.modified ?? "-"] }
                try options.print(entries, text: Console.table([["NAME", "TYPE", "SIZE", "MODIFIED"]] + rows))
            }
        }
    }

    struct Stat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stat", abstract: "Print the type, size and modification time of a path.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Remote path.")
        var path: String

        func run() async throws {
            try await options.withClient { client in
                let stat = try await client.stat(path: path)
                try options.print(stat, text: Console.fields([
                    "path": stat.path, "type": stat.entryType.rawValue, "size": String(stat.size),
                    "modified": stat.modified ?? "-",
                ]))
            }
        }
    }

    struct Cat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cat", abstract: "Write the raw bytes of a remote file to stdout, as they arrive.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Remote file.")
        var path: String

        func run() async throws {
            try await options.withClient { client in
                try await client.downloadFile(path: path, to: FileHandle.standardOutput)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get", abstract: "Download a remote file to a local path, streamed to disk.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Remote file.")
        var remote: String

        @Argument(help: "Local file to create or replace.")
        var local: String

        func run() async throws {
            try await options.withClient { client in
                let bytes = try await client.downloadFile(path: remote, to: local)
                Console.output("wrote \(bytes) bytes to \(local)")
            }
        }
    }

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put",
            abstract: "Upload a local file, streamed from disk.",
            discussion: "Replaces the remote file and creates its missing parent directories.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Local file to upload.")
        var local: String

        @Argument(help: "Remote file to create or replace.")
        var remote: String

        func run() async throws {
            try await options.withClient { client in
                let written = try await client.uploadFile(path: remote, from: local)
                try options.print(written, text: "wrote \(written.bytesWritten) bytes to \(written.path)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a file or directory.")

        @OptionGroup var options: APIOptions

        @Flag(name: .shortAndLong, help: "Delete a non-empty directory with its contents.")
        var recursive = false

        @Argument(help: "Remote path.")
        var path: String

        func run() async throws {
            try await options.withClient { client in
                let removed = try await client.deleteEntry(path: path, recursive: recursive)
                try options.print(removed, text: "removed \(removed.path)")
            }
        }
    }

    struct MakeDirectory: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mkdir", abstract: "Create a directory and its missing parents.")

        @OptionGroup var options: APIOptions

        @Argument(help: "Remote directory.")
        var path: String

        func run() async throws {
            try await options.withClient { client in
                let created = try await client.makeDirectory(path: path)
                try options.print(created, text: "created \(created.path)")
            }
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mv", abstract: "Move or rename a file or directory.")

        @OptionGroup var options: APIOptions

        @Flag(help: "Replace an existing destination.")
        var overwrite = false

        @Argument(help: "Remote source path.")
        var from: String

        @Argument(help: "Remote destination path (missing parents are created).")
        var to: String

        func run() async throws {
            try await options.withClient { client in
                let moved = try await client.move(from: from, to: to, overwrite: overwrite)
                try options.print(moved, text: "moved \(moved.from) -> \(moved.to)")
            }
        }
    }
}
