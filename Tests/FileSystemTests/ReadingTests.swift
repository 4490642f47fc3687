import FileSystem
import Foundation
import Glibc
import SandboxAgentAPI
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

    @Test func openForReadingAcceptsOnlyRegularFiles() throws {
        let directory = try TemporaryDirectory()
        try write("hello", to: directory("d/hello.txt"))
        #expect(mkfifo(directory("d/fifo"), 0o600) == 0)
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")
        let handle = try service.openForReading("d/hello.txt")
        #expect(handle.path == directory("d/hello.txt"))
        #expect(handle.size == 5)
        #expect(try handle.read(100, at: 1) == Array("ello".utf8))
        expectError(.notAFile) { () throws(FileSystemError) in try service.openForReading("d") }
        expectError(.notAFile) { () throws(FileSystemError) in try service.openForReading("d/fifo") }
        expectError(.notFound) { () throws(FileSystemError) in try service.openForReading("d/missing") }
    }

    @Test(arguments: [BeneathResolution.openat2, .walk])
    func entriesDoNotReportWhatALinkOutOfTheRootPointsTo(resolution: BeneathResolution) throws {
        let directory = try TemporaryDirectory()
        try write(String(repeating: "s", count: 1234), to: directory("outside/secret.txt"))
        try FileManager.default.createDirectory(atPath: directory("outside/dir"), withIntermediateDirectories: true)
        try write("12345", to: directory("root/inner/file.txt"))
        try symlink(directory("root/out-file"), to: "../outside/secret.txt")
        try symlink(directory("root/out-dir"), to: directory("outside/dir"))
        try symlink(directory("root/in-file"), to: "inner/file.txt")
        try symlink(directory("root/inner/up"), to: "../inner")
        let service = FileSystemService(root: directory("root"), workingDirectory: "/", homeDirectory: "/", resolution: resolution)

        let entries = try service.entries(at: ".")

        #expect(entries.map(\.name) == ["in-file", "inner", "out-dir", "out-file"])
        // Links out are listed as themselves: a file the size of the link text, not of its target.
        #expect(entries[2].entryType == .file && entries[2].size == UInt64(directory("outside/dir").utf8.count))
        #expect(entries[3].entryType == .file && entries[3].size == UInt64("../outside/secret.txt".utf8.count))
        // Links that stay inside are followed.
        #expect(entries[0].entryType == .file && entries[0].size == 5)
        #expect(try service.entries(at: "inner").map(\.entryType) == [.file, .directory])
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.stat("out-file") }
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.entries(at: "out-dir") }
    }

    @Test func namesThatAreNotUTF8AreLeftOutAndCountedAndStillDeleted() throws {
        let directory = try TemporaryDirectory()
        try write("ok", to: directory("sub/fine.txt"))
        let bad: [CChar] = [0x62, 0x61, 0x64, -1, 0x2E, 0x74, 0x78, 0x74, 0]  // "bad\xFF.txt"
        let raw = directory("sub").withCString { base in
            bad.withUnsafeBufferPointer { name in
                let fd = open(base, O_RDONLY | O_DIRECTORY)
                defer { close(fd) }
                return openat(fd, name.baseAddress!, O_WRONLY | O_CREAT, 0o600)
            }
        }
        #expect(raw >= 0)
        close(raw)
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        let listing = try service.listing(at: "sub")
        #expect(listing.entries.map(\.name) == ["fine.txt"])
        #expect(listing.skippedNames == 1)
        _ = try service.delete("sub", recursive: true)
        #expect(try tree(directory.path) == [])
    }

    @Test func aComponentOver255BytesIsAnInvalidPath() throws {
        let directory = try TemporaryDirectory()
        let long = String(repeating: "n", count: 300)
        for root in [directory.path, nil] {
            let service = FileSystemService(root: root, workingDirectory: directory.path, homeDirectory: "/")
            expectError(.invalidPath) { () throws(FileSystemError) in try service.stat(long) }
            expectError(.invalidPath) { () throws(FileSystemError) in try service.makeDirectory("a/\(long)/b") }
            expectError(.invalidPath) { () throws(FileSystemError) in try service.openUpload(long) }
        }
    }
}
