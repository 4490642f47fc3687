import FileSystem
import Foundation
import SandboxAgentAPI
import Testing

/// Archives made by GNU tar, extracted for real.
@Suite struct TarExtractionTests {
    @Test func extractsATreeWithModesAndTimesIntoANewDestination() throws {
        let directory = try TemporaryDirectory()
        try write("content", to: directory("src/dir/sub/file.txt"))
        try write("#!/bin/sh", to: directory("src/dir/run.sh"))
        try write("top", to: directory("src/top.txt"))
        try FileManager.default.createDirectory(atPath: directory("src/dir/empty"), withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: directory("src/dir/run.sh"))
        try FileManager.default.setAttributes([.posixPermissions: 0o4640], ofItemAtPath: directory("src/top.txt"))
        try run("/usr/bin/touch", ["-d", "2001-02-03T04:05:06Z", directory("src/dir/sub/file.txt"), directory("src/dir/sub")])
        try tar("--sort=name", "-C", directory("src"), "-cf", directory("a.tar"), ".")
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")

        let result = try service.extractTar(archiveAt: directory("a.tar"), into: "out/here")

        let names = ["dir", "dir/empty", "dir/run.sh", "dir/sub", "dir/sub/file.txt", "top.txt"]
        #expect(result == FsUploadBatchResult(paths: names.map { directory("out/here/" + $0) }, truncated: false))
        #expect(try tree(directory("out/here")) == names)
        #expect(try contents(of: directory("out/here/dir/sub/file.txt")) == "content")
        #expect(try contents(of: directory("out/here/top.txt")) == "top")
        #expect(try permissions(directory("out/here/dir/run.sh")) == 0o750)
        #expect(try permissions(directory("out/here/top.txt")) == 0o640)
        #expect(try service.stat("out/here/dir/sub/file.txt").modified == "2001-02-03T04:05:06.000Z")
        #expect(try service.stat("out/here/dir/sub").modified == "2001-02-03T04:05:06.000Z")
    }

    @Test(arguments: ["gnu", "pax", "ustar"])
    func extractsLongNamesAndLinkTargets(format: String) throws {
        let directory = try TemporaryDirectory()
        // ustar fits 255 characters (prefix + name); GNU and pax have no limit.
        let segment = String(repeating: "d", count: 60)
        let depth = format == "ustar" ? 3 : 6
        let longDirectory = Array(repeating: segment, count: depth).joined(separator: "/")
        let longName = longDirectory + "/file-with-a-long-name.txt"
        try write("deep", to: directory("src/" + longName))
        try symlink(directory("src/link"), to: format == "ustar" ? "short-target" : longName)
        try tar("--format=\(format)", "--sort=name", "-C", directory("src"), "-cf", directory("a.tar"), segment, "link")
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")

        let result = try service.extractTar(archiveAt: directory("a.tar"), into: "out")

        #expect(try contents(of: directory("out/" + longName)) == "deep")
        #expect(result.paths.last == directory("out/link"))
        #expect(result.paths.contains(directory("out/" + longName)))
        let linkTarget = try FileManager.default.destinationOfSymbolicLink(atPath: directory("out/link"))
        #expect(linkTarget == (format == "ustar" ? "short-target" : longName))
    }

    @Test func extractsSymlinksAndHardLinksInside() throws {
        let directory = try TemporaryDirectory()
        try write("shared", to: directory("src/data/target.txt"))
        try symlink(directory("src/data/soft"), to: "target.txt")
        try symlink(directory("src/up"), to: "data/../data")
        try FileManager.default.linkItem(atPath: directory("src/data/target.txt"), toPath: directory("src/hard.txt"))
        try tar("--sort=name", "-C", directory("src"), "-cf", directory("a.tar"), "data", "hard.txt", "up")
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")

        _ = try service.extractTar(archiveAt: directory("a.tar"), into: "out")

        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory("out/data/soft")) == "target.txt")
        #expect(try contents(of: directory("out/data/soft")) == "shared")
        #expect(try contents(of: directory("out/up/target.txt")) == "shared")
        #expect(try inode(directory("out/hard.txt")) == inode(directory("out/data/target.txt")))
    }

    @Test func streamsLargeFilesInChunks() throws {
        let directory = try TemporaryDirectory()
        let data = Data((0..<(3 << 20) + 123).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) })
        try FileManager.default.createDirectory(atPath: directory("src"), withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: directory("src/big.bin")))
        try tar("-C", directory("src"), "-cf", directory("a.tar"), "big.bin")
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")

        _ = try service.extractTar(archiveAt: directory("a.tar"), into: "out")

        #expect(try Data(contentsOf: URL(fileURLWithPath: directory("out/big.bin"))) == data)
    }

    @Test func listsAtMostTheLimit() throws {
        let directory = try TemporaryDirectory()
        for name in ["a", "b", "c"] { try write(name, to: directory("src/" + name)) }
        try tar("--sort=name", "-C", directory("src"), "-cf", directory("a.tar"), "a", "b", "c")
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")

        let result = try service.extractTar(archiveAt: directory("a.tar"), into: "out", listLimit: 2)

        #expect(result == FsUploadBatchResult(paths: [directory("out/a"), directory("out/b")], truncated: true))
        #expect(try tree(directory("out")) == ["a", "b", "c"])
    }

    @Test func replacesAnExistingSymlinkInsteadOfWritingThroughIt() throws {
        let directory = try TemporaryDirectory()
        try write("outside", to: directory("outside.txt"))
        try write("from the archive", to: directory("src/name.txt"))
        try tar("-C", directory("src"), "-cf", directory("a.tar"), "name.txt")
        try FileManager.default.createDirectory(atPath: directory("root/out"), withIntermediateDirectories: true)
        try symlink(directory("root/out/name.txt"), to: directory("outside.txt"))
        let service = FileSystemService(root: directory("root"), workingDirectory: "/", homeDirectory: "/")

        _ = try service.extractTar(archiveAt: directory("a.tar"), into: "out")

        #expect(try contents(of: directory("outside.txt")) == "outside")
        #expect(try contents(of: directory("root/out/name.txt")) == "from the archive")
        #expect(try FileManager.default.attributesOfItem(atPath: directory("root/out/name.txt"))[.type] as? FileAttributeType == .typeRegular)
    }

    @Test func refusesToWriteThroughAnExistingSymlinkLeavingTheDestination() throws {
        let directory = try TemporaryDirectory()
        try write("x", to: directory("src/escape/x.txt"))
        try tar("-C", directory("src"), "-cf", directory("a.tar"), "escape/x.txt")
        try FileManager.default.createDirectory(atPath: directory("outside"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory("out"), withIntermediateDirectories: true)
        try symlink(directory("out/escape"), to: directory("outside"))
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")

        expectError(.invalidArchive) { () throws(FileSystemError) in try service.extractTar(archiveAt: directory("a.tar"), into: "out") }

        #expect(try tree(directory("outside")) == [])
    }

    @Test func refusesADestinationOutsideTheRoot() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory("root"), withIntermediateDirectories: true)
        var builder = TarBuilder()
        builder.add("a.txt", data: "a")
        try builder.write(to: directory("a.tar"))
        let service = FileSystemService(root: directory("root"), workingDirectory: "/", homeDirectory: "/")
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.extractTar(archiveAt: directory("a.tar"), into: directory("elsewhere")) }
        #expect(!exists(directory("elsewhere")))
    }

    @Test func acceptsADotSlashPrefixAndAnArchiveWithoutEndBlocks() throws {
        let directory = try TemporaryDirectory()
        var builder = TarBuilder()
        builder.add("./", type: "5")
        builder.add("./x/y.txt", data: "why")
        try builder.write(to: directory("a.tar"))
        let service = FileSystemService(root: nil, workingDirectory: directory.path, homeDirectory: "/")

        let result = try service.extractTar(archiveAt: directory("a.tar"), into: "out")

        #expect(result.paths == [directory("out/x/y.txt")])
        #expect(try contents(of: directory("out/x/y.txt")) == "why")
    }

    private func permissions(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    private func inode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int ?? -1
    }
}
