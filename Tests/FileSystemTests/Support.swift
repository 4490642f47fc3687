import FileSystem
import Foundation
import Testing

/// Writes `contents` to `path`, creating its parent directories.
func write(_ contents: String, to path: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
}

/// The contents of the file at `path` as UTF-8.
func contents(of path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
}

/// True if something (even a dangling symlink) is at `path`.
func exists(_ path: String) -> Bool {
    (try? FileManager.default.attributesOfItem(atPath: path)) != nil
}

/// Every path below `directory`, relative and sorted.
func tree(_ directory: String) throws -> [String] {
    (FileManager.default.subpaths(atPath: directory) ?? []).sorted()
}

/// Creates a symlink at `path` pointing to `target`.
func symlink(_ path: String, to target: String) throws {
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
}

/// Runs GNU tar with `arguments`; fails the test on a non-zero exit.
func tar(_ arguments: String...) throws {
    try run("/usr/bin/tar", arguments)
}

/// Runs `executable` with `arguments`; fails the test on a non-zero exit.
func run(_ executable: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(executable) \(arguments.joined(separator: " "))")
}

/// Expects `body` to throw a `FileSystemError` with `code`.
func expectError<Result>(
    _ code: FileSystemError.Code,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(FileSystemError) -> Result
) {
    do {
        let result = try body()
        Issue.record("expected \(code), got \(result)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    }
}
