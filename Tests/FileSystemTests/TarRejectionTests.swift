import FileSystem
import SandboxAgentAPI
import Testing

/// A named hand-made archive, shown by its name in test results.
struct BadArchive: CustomTestStringConvertible, Sendable {
    var testDescription: String
    var builder: TarBuilder

    init(_ testDescription: String, _ builder: TarBuilder) {
        self.testDescription = testDescription
        self.builder = builder
    }
}

/// Hand-made bad archives: each must be refused before anything is written.
@Suite struct TarRejectionTests {
    /// A valid first member, so that writing before checking everything would show.
    private static func archive(ending: Bool = true, _ build: (inout TarBuilder) -> Void) -> TarBuilder {
        var builder = TarBuilder()
        builder.add("good.txt", data: "good")
        build(&builder)
        if ending { builder.end() }
        return builder
    }

    static let badArchives: [BadArchive] = [
        BadArchive("dot-dot name", archive { $0.add("../evil", data: "evil") }),
        BadArchive("absolute name", archive { $0.add("/tmp/evil", data: "evil") }),
        BadArchive("name escaping after normalisation", archive { $0.add("a/../../evil", data: "evil") }),
        BadArchive("GNU long name escaping", archive { $0.add("././@LongLink", type: "L", data: "../evil\u{0}"); $0.add("placeholder", data: "evil") }),
        BadArchive("pax path escaping", archive { $0.add("PaxHeaders/x", type: "x", data: "16 path=../evil\n"); $0.add("placeholder", data: "evil") }),
        BadArchive("symlink out then a file through it", archive { $0.add("out", type: "2", linkName: "../outside"); $0.add("out/evil", data: "evil") }),
        BadArchive("absolute symlink out", archive { $0.add("out", type: "2", linkName: "/etc") }),
        BadArchive("file through an inner symlink of the archive", archive {
            $0.add("sub/", type: "5")
            $0.add("in", type: "2", linkName: "sub")
            $0.add("in/evil", data: "evil")
        }),
        BadArchive("symlink out through another symlink", archive { $0.add("here", type: "2", linkName: "."); $0.add("out", type: "2", linkName: "here/../outside") }),
        BadArchive("hard link to a path outside", archive { $0.add("hard", type: "1", linkName: "../outside/file") }),
        BadArchive("hard link to no earlier member", archive { $0.add("hard", type: "1", linkName: "later.txt"); $0.add("later.txt", data: "x") }),
        BadArchive("FIFO", archive { $0.add("pipe", type: "6") }),
        BadArchive("character device", archive { $0.add("tty", type: "3") }),
        BadArchive("unsupported type", archive { $0.add("sparse", type: "S") }),
        BadArchive("bad checksum", archive { $0.add("second.txt", data: "x", checksumDelta: 1) }),
        BadArchive("truncated data", archive(ending: false) { $0.add("big.bin", data: String(repeating: "x", count: 1000)); $0.truncate(by: 600) }),
        BadArchive("truncated header", archive(ending: false) { $0.add("next.txt", data: "x"); $0.truncate(by: 700) }),
        BadArchive("malformed size", archive { $0.add("PaxHeaders/x", type: "x", data: "12 size=1x\n"); $0.add("placeholder", data: "x") }),
    ]

    @Test(arguments: badArchives)
    func refusesWithoutWritingAnything(_ archive: BadArchive) throws {
        let directory = try TemporaryDirectory()
        try archive.builder.write(to: directory("bad.tar"))
        try write("", to: directory("root/dest/.keep"))
        try write("", to: directory("root/outside/.keep"))
        let service = FileSystemService(root: directory("root"), workingDirectory: "/", homeDirectory: "/")

        expectError(.invalidArchive) { () throws(FileSystemError) in try service.extractTar(archiveAt: directory("bad.tar"), into: "dest") }

        #expect(try tree(directory("root")) == ["dest", "dest/.keep", "outside", "outside/.keep"])
    }

    @Test func theValidPrefixOfTheseArchivesIsExtractable() throws {
        let directory = try TemporaryDirectory()
        try Self.archive { _ in }.write(to: directory("good.tar"))
        let service = FileSystemService(root: directory.path, workingDirectory: "/", homeDirectory: "/")
        #expect(try service.extractTar(archiveAt: directory("good.tar"), into: "dest").paths == [directory("dest/good.txt")])
        #expect(try contents(of: directory("dest/good.txt")) == "good")
    }
}
