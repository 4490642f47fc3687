import Foundation
public import FileSystem
public import SandboxAgentAPI
import Synchronization

/// The MCP and skills configuration of directories: `<directory>/.sandbox-agent/config/mcp.json`
/// and `skills.json`, each a JSON object of name → entry.
///
/// Every access goes through the confined ``FileSystemService`` (so with `--fs-root` the directory
/// must be inside the root), files are replaced atomically (temporary sibling, then rename), and
/// the read-modify-write of a change holds a lock, so concurrent changes are not lost.
public final class DirectoryConfigStore: Sendable {
    /// One of the two files and the entries it holds.
    public struct File<Entry: Codable & Sendable>: Sendable {
        /// The file name below `.sandbox-agent/config/`.
        public let name: String
        /// The query parameter that names an entry (for error messages).
        public let entryParameter: String
    }

    /// `mcp.json`: MCP servers by name.
    public static let mcp = File<McpServerConfig>(name: "mcp.json", entryParameter: "mcpName")
    /// `skills.json`: skill sources by name.
    public static let skills = File<SkillsConfig>(name: "skills.json", entryParameter: "skillName")

    private let files: FileSystemService
    /// Serialises changes (read, modify, write) across all directories.
    private let changes = Mutex(())

    public init(files: FileSystemService) {
        self.files = files
    }

    /// The entry `name`, or `notFound`.
    public func entry<Entry: Codable & Sendable>(_ file: File<Entry>, directory: String, name: String) throws -> Entry {
        let path = try self.path(of: file, directory: directory, name: name)
        guard let entry = try read(file, at: path)[name] else {
            throw ConfigError(.notFound, "no \(file.entryParameter) '\(name)' in \(path)", field: file.entryParameter)
        }
        return entry
    }

    /// Every entry of `directory` (none when the file does not exist).
    public func entries<Entry: Codable & Sendable>(_ file: File<Entry>, directory: String) throws -> [String: Entry] {
        try read(file, at: try path(of: file, directory: directory, name: nil))
    }

    /// Adds or replaces the entry `name`.
    public func put<Entry: Codable & Sendable>(_ file: File<Entry>, directory: String, name: String, entry: Entry) throws {
        let path = try self.path(of: file, directory: directory, name: name)
        try changing {
            var entries = try read(file, at: path)
            entries[name] = entry
            try write(entries, to: path)
        }
    }

    /// Removes the entry `name`; removing a missing entry succeeds (as upstream).
    public func delete<Entry: Codable & Sendable>(_ file: File<Entry>, directory: String, name: String) throws {
        let path = try self.path(of: file, directory: directory, name: name)
        try changing {
            var entries = try read(file, at: path)
            guard entries.removeValue(forKey: name) != nil else { return }
            try write(entries, to: path)
        }
    }

    /// Runs `change` holding the lock.
    private func changing(_ change: () throws -> Void) throws {
        let failure: (any Error)? = changes.withLock { _ in
            do {
                try change()
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// `<directory>/.sandbox-agent/config/<file>`, after checking the directory and the name.
    private func path<Entry: Codable & Sendable>(of file: File<Entry>, directory: String, name: String?) throws -> String {
        guard directory.hasPrefix("/") else { throw ConfigError.invalid("directory", "must be an absolute path, got '\(directory)'") }
        if let name, name.isEmpty { throw ConfigError.invalid(file.entryParameter, "must not be empty") }
        let resolved = try files.resolve(directory)
        return (resolved == "/" ? "" : resolved) + "/.sandbox-agent/config/" + file.name
    }

    private func read<Entry: Codable & Sendable>(_ file: File<Entry>, at path: String) throws -> [String: Entry] {
        let bytes: [UInt8]
        switch Result(catching: { () throws(FileSystemError) in try files.readFile(path) }) {
        case .success(let read): bytes = read
        case .failure(let error) where error.code == .notFound: return [:]
        case .failure(let error): throw error
        }
        do {
            return try JSONDecoder().decode([String: Entry].self, from: Data(bytes))
        } catch {
            throw ConfigError(.corrupt, "\(path) is not a JSON object of \(file.name == "mcp.json" ? "MCP servers" : "skill sources"): \(error)")
        }
    }

    private func write<Entry: Codable & Sendable>(_ entries: [String: Entry], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        _ = try files.writeFile(path, Array(try encoder.encode(entries)) + [0x0A])
    }
}
