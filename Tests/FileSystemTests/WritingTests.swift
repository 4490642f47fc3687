import FileSystem
import Foundation
import Testing

@Suite struct WritingTests {
    @Test func makeDirectoryCreatesParentsAndAcceptsAnExistingDirectory() throws {
        let directory = try TemporaryDirectory()
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        #expect(try service.makeDirectory("a/b/c") == directory("a/b/c"))
        #expect(try service.makeDirectory("a/b/c") == directory("a/b/c"))
        #expect(try tree(directory.path) == ["a", "a/b", "a/b/c"])
        try write("x", to: directory("file"))
        expectError(.alreadyExists) { () throws(FileSystemError) in try service.makeDirectory("file") }
        expectError(.notADirectory) { () throws(FileSystemError) in try service.makeDirectory("file/sub") }
    }

    @Test func deleteRemovesFilesAndEmptyDirectoriesButNotFullOnesUnlessRecursive() throws {
        let directory = try TemporaryDirectory()
        try write("x", to: directory("full/deep/file.txt"))
        try write("x", to: directory("lone.txt"))
        try FileManager.default.createDirectory(atPath: directory("empty"), withIntermediateDirectories: false)
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")

        #expect(try service.delete("lone.txt", recursive: false) == directory("lone.txt"))
        #expect(try service.delete("empty", recursive: false) == directory("empty"))
        expectError(.directoryNotEmpty) { () throws(FileSystemError) in try service.delete("full", recursive: false) }
        #expect(try tree(directory.path) == ["full", "full/deep", "full/deep/file.txt"])
        #expect(try service.delete("full", recursive: true) == directory("full"))
        #expect(try tree(directory.path) == [])
        expectError(.notFound) { () throws(FileSystemError) in try service.delete("full", recursive: true) }
    }

    @Test func recursiveDeleteRemovesSymlinksNotTheirTargets() throws {
        let directory = try TemporaryDirectory()
        try write("keep me", to: directory("outside/precious.txt"))
        try write("x", to: directory("root/tree/file.txt"))
        try symlink(directory("root/tree/link-out"), to: directory("outside"))
        try symlink(directory("root/link-to-tree"), to: "tree")
        let service = FileSystemService(root: directory("root"), workingDirectory: "/", homeDirectory: "/")

        _ = try service.delete("link-to-tree", recursive: true)
        #expect(try tree(directory("root")) == ["tree", "tree/file.txt", "tree/link-out"])
        _ = try service.delete("tree", recursive: true)

        #expect(try tree(directory("root")) == [])
        #expect(try contents(of: directory("outside/precious.txt")) == "keep me")
    }

    @Test func moveCreatesParentsAndRefusesToOverwriteUnlessAsked() throws {
        let directory = try TemporaryDirectory()
        try write("one", to: directory("one.txt"))
        try write("two", to: directory("two.txt"))
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")

        let moved = try service.move(from: "one.txt", to: "new/dir/one.txt", overwrite: false)
        #expect(moved.from == directory("one.txt"))
        #expect(moved.to == directory("new/dir/one.txt"))
        #expect(try contents(of: directory("new/dir/one.txt")) == "one")
        #expect(!exists(directory("one.txt")))

        expectError(.alreadyExists) { () throws(FileSystemError) in try service.move(from: "two.txt", to: "new/dir/one.txt", overwrite: false) }
        #expect(try contents(of: directory("new/dir/one.txt")) == "one")
        #expect(try contents(of: directory("two.txt")) == "two")
        expectError(.notFound) { () throws(FileSystemError) in try service.move(from: "missing", to: "elsewhere", overwrite: true) }
    }

    @Test func moveWithOverwriteReplacesADirectoryByAFile() throws {
        let directory = try TemporaryDirectory()
        try write("file", to: directory("source.txt"))
        try write("old", to: directory("target/old.txt"))
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        _ = try service.move(from: "source.txt", to: "target", overwrite: true)
        #expect(try tree(directory.path) == ["target"])
        #expect(try contents(of: directory("target")) == "file")
    }

    @Test func moveWithOverwriteReplacesAFileByADirectory() throws {
        let directory = try TemporaryDirectory()
        try write("inside", to: directory("source/inside.txt"))
        try write("old", to: directory("target"))
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        _ = try service.move(from: "source", to: "target", overwrite: true)
        #expect(try tree(directory.path) == ["target", "target/inside.txt"])
        #expect(try contents(of: directory("target/inside.txt")) == "inside")
    }

    /// rename(2) cannot cross file systems (EXDEV): a 409 `cross_device`, and with `overwrite`
    /// the destination is still there afterwards (the old code removed it first, then failed).
    @Test(.enabled(if: onDifferentDevices("/tmp", "/dev/shm"))) func moveAcrossFileSystemsIsCrossDeviceAndLosesNothing() throws {
        let directory = try TemporaryDirectory()
        let other = "/dev/shm/fs-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: other) }
        try write("source", to: directory("source.txt"))
        try write("keep", to: other + "/existing.txt")
        let service = FileSystemService(root: nil, workingDirectory: "/", homeDirectory: "/")

        for (target, overwrite) in [(other + "/new.txt", false), (other + "/existing.txt", true), (other + "/new.txt", true)] {
            do {
                _ = try service.move(from: directory("source.txt"), to: target, overwrite: overwrite)
                Issue.record("moving to \(target) succeeded")
            } catch {
                #expect(error.code == .crossDevice)
                #expect(error.message.contains(directory("source.txt")) && error.message.contains(target))
            }
        }
        #expect(try contents(of: directory("source.txt")) == "source")
        #expect(try contents(of: other + "/existing.txt") == "keep")
        #expect(!exists(other + "/new.txt"))
    }

    @Test func moveRefusesToNestAPathInItselfAndLeavesAnAliasAlone() throws {
        let directory = try TemporaryDirectory()
        try write("x", to: directory("a/b/file.txt"))
        try symlink(directory("alias"), to: "a")
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        expectError(.invalidPath) { () throws(FileSystemError) in try service.move(from: "a", to: "a/b/c", overwrite: true) }
        expectError(.invalidPath) { () throws(FileSystemError) in try service.move(from: "a/b", to: "a", overwrite: true) }
        _ = try service.move(from: "a/b/file.txt", to: "alias/b/file.txt", overwrite: true)
        #expect(try contents(of: directory("a/b/file.txt")) == "x")
    }

    @Test func anUploadCreatesParentsWritesATemporarySiblingAndRefusesADirectory() throws {
        let directory = try TemporaryDirectory()
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        let upload = try service.openUpload("x/y/z.txt")
        #expect(upload.path == directory("x/y/z.txt"))
        try Array("data".utf8).withUnsafeBytes { buffer in Result { () throws(FileSystemError) in try upload.write(buffer) } }.get()
        #expect(try tree(directory.path).count == 3)  // x, x/y and the temporary sibling
        try upload.commit()
        #expect(try tree(directory.path) == ["x", "x/y", "x/y/z.txt"])
        #expect(try contents(of: directory("x/y/z.txt")) == "data")
        expectError(.notAFile) { () throws(FileSystemError) in try service.openUpload("x/y") }
        do {
            let abandoned = try service.openUpload("x/y/z.txt")
            abandoned.discard()
        }
        #expect(try tree(directory.path) == ["x", "x/y", "x/y/z.txt"])
        #expect(try service.writeFile("x/y/z.txt", Array("new".utf8)) == directory("x/y/z.txt"))
        #expect(try contents(of: directory("x/y/z.txt")) == "new")
    }

    @Test(arguments: [BeneathResolution.openat2, .walk])
    func clientMistakesFoundOnlyByTheKernelAreInvalidPaths(resolution: BeneathResolution) throws {
        let directory = try TemporaryDirectory()
        try write("x", to: directory("a/file.txt"))
        try symlink(directory("alias"), to: "a")
        try symlink(directory("loop"), to: "loop")
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/", resolution: resolution)
        // Into itself through a symlink: rename(2) says EINVAL.
        expectError(.invalidPath) { () throws(FileSystemError) in try service.move(from: "a", to: "alias/sub", overwrite: false) }
        expectError(.invalidPath) { () throws(FileSystemError) in try service.stat("loop") }
        expectError(.invalidPath) { () throws(FileSystemError) in try service.openUpload("loop/x") }
        #expect(try contents(of: directory("a/file.txt")) == "x")
    }

    @Test(arguments: [BeneathResolution.openat2, .walk])
    func theRootItselfCannotBeDeletedOrMoved(resolution: BeneathResolution) throws {
        let directory = try TemporaryDirectory()
        try write("x", to: directory("root/file.txt"))
        let service = FileSystemService(root: directory("root"), workingDirectory: "/", homeDirectory: "/", resolution: resolution)
        for path in [".", directory("root"), "a/..", "/" + directory("root") + "/"] {
            expectError(.invalidPath) { () throws(FileSystemError) in try service.delete(path, recursive: true) }
        }
        expectError(.invalidPath) { () throws(FileSystemError) in try service.move(from: ".", to: "elsewhere", overwrite: true) }
        expectError(.invalidPath) { () throws(FileSystemError) in try service.move(from: "file.txt", to: ".", overwrite: true) }
        #expect(try tree(directory("root")) == ["file.txt"])
    }
}

/// Whether two existing paths are on different devices (a test that needs two file systems).
private func onDifferentDevices(_ first: String, _ second: String) -> Bool {
    var a = stat(), b = stat()
    return stat(first, &a) == 0 && stat(second, &b) == 0 && a.st_dev != b.st_dev
}
