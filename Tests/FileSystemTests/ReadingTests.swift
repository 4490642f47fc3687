import FileSystem
import Foundation
import Testing

@Suite struct ReadingTests {
    @Test func entriesAreSortedAndReportWhatSymlinksPointTo() throws {
        let directory = try TemporaryDirectory()
        try write("12345", to: directory("list/b.txt"))
        try FileManager.default.createDirectory(atPath: directory("list/a-dir"), withIntermediateDirectories: true)
        try symlink(directory("list/c-link"), to: "a-dir")
        try symlink(directory("list/d-dangling"), to: "missing")
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")

        let entries = try service.entries(at: "list")

        #expect(entries.map(\.name) == ["a-dir", "b.txt", "c-link", "d-dangling"])
        #expect(entries.map(\.path) == ["a-dir", "b.txt", "c-link", "d-dangling"].map { directory("list/" + $0) })
        #expect(entries.map(\.entryType) == [.directory, .file, .directory, .file])
        #expect(entries[1].size == 5)
    }

    @Test func modifiedIsRFC3339WithMilliseconds() throws {
        let directory = try TemporaryDirectory()
        try write("x", to: directory("f"))
        try run("/usr/bin/touch", ["-d", "2026-11-26T19:40:02.123456Z", directory("f")])
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")
        #expect(try service.stat("f").modified == "2026-11-26T19:40:02.123Z")
        #expect(try service.entries(at: ".").first?.modified == "2026-11-26T19:40:02.123Z")
    }

    @Test func entriesOfAFileOrAMissingPathFail() throws {
        let directory = try TemporaryDirectory()
        try write("x", to: directory("file"))
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")
        expectError(.notADirectory) { () throws(FileSystemError) in try service.entries(at: "file") }
        expectError(.notFound) { () throws(FileSystemError) in try service.entries(at: "missing") }
    }

    @Test func statReportsTypeAndSize() throws {
        let directory = try TemporaryDirectory()
        try write("hello", to: directory("d/hello.txt"))
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")
        let file = try service.stat("d/hello.txt")
        #expect(file.path == directory("d/hello.txt"))
        #expect(file.entryType == .file)
        #expect(file.size == 5)
        #expect(try service.stat("d").entryType == .directory)
        expectError(.notFound) { () throws(FileSystemError) in try service.stat("d/missing") }
    }

    @Test func prepareReadAcceptsOnlyRegularFiles() throws {
        let directory = try TemporaryDirectory()
        try write("hello", to: directory("d/hello.txt"))
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")
        let prepared = try service.prepareRead("d/hello.txt")
        #expect(prepared.path == directory("d/hello.txt"))
        #expect(prepared.size == 5)
        expectError(.notAFile) { () throws(FileSystemError) in try service.prepareRead("d") }
        expectError(.notFound) { () throws(FileSystemError) in try service.prepareRead("d/missing") }
    }
}
