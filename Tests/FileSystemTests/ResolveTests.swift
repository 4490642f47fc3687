import FileSystem
import Testing

@Suite struct ResolveTests {
    @Test func relativePathsStartAtTheWorkingDirectory() throws {
        let service = FileSystemService(root: nil, workingDirectory: "/work/dir", homeDirectory: "/home/me")
        #expect(try service.resolve("a/./b/../c") == "/work/dir/a/c")
        #expect(try service.resolve("../x") == "/work/x")
        #expect(try service.resolve("/etc//hosts/") == "/etc/hosts")
        #expect(try service.resolve("/..") == "/")
    }

    @Test func tildeIsTheHomeDirectory() throws {
        let service = FileSystemService(root: nil, workingDirectory: "/work", homeDirectory: "/home/me")
        #expect(try service.resolve("~") == "/home/me")
        #expect(try service.resolve("~/notes/a.txt") == "/home/me/notes/a.txt")
        #expect(try service.resolve("~other") == "/work/~other")
    }

    @Test func emptyPathsAndNulBytesAreInvalid() {
        let service = FileSystemService(root: nil, workingDirectory: "/work", homeDirectory: "/home/me")
        expectError(.invalidPath) { () throws(FileSystemError) in try service.resolve("") }
        expectError(.invalidPath) { () throws(FileSystemError) in try service.resolve("a\u{0}b") }
    }

    @Test func withARootRelativePathsStartAtTheRootAndMissingPathsAreFine() throws {
        let directory = try TemporaryDirectory()
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        #expect(try service.resolve("new/deeper/file.txt") == directory("new/deeper/file.txt"))
        #expect(try service.resolve(directory.path) == directory.path)
        #expect(try service.resolve("a/../b") == directory("b"))
    }

    @Test func dotDotCannotLeaveTheRoot() throws {
        let directory = try TemporaryDirectory()
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.resolve("../outside") }
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.resolve(directory.path + "/a/../../etc/passwd") }
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.resolve("/etc/passwd") }
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.resolve("~") }
    }

    @Test func symlinksCannotLeaveTheRoot() throws {
        let directory = try TemporaryDirectory()
        try write("secret", to: directory("outside/secret.txt"))
        try write("mine", to: directory("root/mine.txt"))
        try symlink(directory("root/escape"), to: "../outside")
        try symlink(directory("root/dangling"), to: directory("outside/not-yet"))
        try symlink(directory("root/inner"), to: "mine.txt")
        let service = FileSystemService(root: directory("root"), workingDirectory: "/", homeDirectory: "/")
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.resolve("escape") }
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.resolve("escape/secret.txt") }
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.resolve("dangling") }
        #expect(try service.resolve("inner") == directory("root/inner"))
    }

    @Test func aLinkOutsideTheRootIsRefusedEvenIfItPointsIn() throws {
        let directory = try TemporaryDirectory()
        try write("mine", to: directory("root/mine.txt"))
        try symlink(directory("link-into-root"), to: "root/mine.txt")
        let service = FileSystemService(root: directory("root"), workingDirectory: "/", homeDirectory: "/")
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.delete(directory("link-into-root"), recursive: false) }
        #expect(exists(directory("link-into-root")))
    }

    @Test func aRootThatIsASymlinkIsResolved() throws {
        let directory = try TemporaryDirectory()
        try write("mine", to: directory("real/mine.txt"))
        try symlink(directory("alias"), to: "real")
        let service = FileSystemService(root: directory("alias"), workingDirectory: "/", homeDirectory: "/")
        #expect(try service.resolve("mine.txt") == directory("alias/mine.txt"))
        #expect(try service.resolve(directory("real/mine.txt")) == directory("real/mine.txt"))
        expectError(.outsideRoot) { () throws(FileSystemError) in try service.resolve(directory("alias/../x")) }
    }
}
