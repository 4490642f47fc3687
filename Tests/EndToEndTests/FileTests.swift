import FileSystem
import Foundation
import Glibc
import NIOHTTP1
import SandboxAgentAPI
import SandboxAgentClient
import Testing

@Suite("Files API end to end", .serialized)
struct FileTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sa-fs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func twoHundredMiBRoundTripStaysUnder100MiBOfServerMemory() async throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let source = work.appendingPathComponent("source.bin")
        let size = 200 << 20
        // A repeating but non-uniform pattern, written 1 MiB at a time.
        #expect(FileManager.default.createFile(atPath: source.path, contents: nil))
        let writer = try FileHandle(forWritingTo: source)
        var block = Data(count: 1 << 20)
        for index in 0..<block.count { block[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
        for chunk in 0..<(size >> 20) {
            block[0] = UInt8(truncatingIfNeeded: chunk)
            writer.write(block)
        }
        try writer.close()

        try await withServer(["--no-token", "--max-upload-bytes", "\(300 << 20)"]) { server in
            let client = SandboxAgentClient(endpoint: server.url)
            let remote = work.appendingPathComponent("remote/copy.bin").path
            let written = try await client.uploadFile(path: remote, from: source.path)
            #expect(written.bytesWritten == UInt64(size))
            #expect(written.path == remote)
            let back = work.appendingPathComponent("back.bin")
            let read = try await client.downloadFile(path: remote, to: back.path)
            #expect(read == UInt64(size))
            #expect(try Self.sameContents(source, back))
            let stat = try await client.stat(path: remote)
            #expect(stat.size == UInt64(size))
            let peak = try server.peakRSS()
            #expect(peak < 100 << 20, "server peak RSS \(peak >> 20) MiB")
        }
    }

    @Test func listingStatMkdirMoveDelete() async throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try await withServer { server in
            let client = SandboxAgentClient(endpoint: server.url)
            _ = try await client.makeDirectory(path: work.appendingPathComponent("a/b").path)
            _ = try await client.writeFile(path: work.appendingPathComponent("a/b/x.txt").path, data: Data("hello".utf8))
            let entries = try await client.listEntries(path: work.appendingPathComponent("a/b").path)
            #expect(entries.map(\.name) == ["x.txt"])
            #expect(entries.first?.size == 5)
            let moved = try await client.move(
                from: work.appendingPathComponent("a/b/x.txt").path, to: work.appendingPathComponent("c/y.txt").path)
            #expect(moved.to == work.appendingPathComponent("c/y.txt").path)
            #expect(String(decoding: try await client.readFile(path: moved.to), as: UTF8.self) == "hello")
            let notEmpty = try await HTTP.send(.DELETE, server.address("/v1/fs/entry?path=\(work.path)"))
            #expect(notEmpty.status == 409)
            _ = try await client.deleteEntry(path: work.appendingPathComponent("a").path, recursive: true)
            #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("a").path))
            let missing = try await HTTP.send(.GET, server.address("/v1/fs/stat?path=\(work.path)/nope"))
            #expect(missing.status == 404)
        }
    }

    @Test func uploadBatchExtractsAndRefusesEscapes() async throws {
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        try await withServer { server in
            var good = TarBuilder()
            good.directory("pkg/")
            good.file("pkg/readme.txt", "read me")
            good.file("./pkg/bin/tool.sh", "#!/bin/sh\necho tool\n", mode: 0o755)
            let destination = work.appendingPathComponent("dest")
            let ok = try await HTTP.send(
                .POST, server.address("/v1/fs/upload-batch?path=\(destination.path)"),
                headers: [("Content-Type", "application/x-tar")], body: good.finished())
            #expect(ok.status == 200, "\(ok.text)")
            #expect(try String(contentsOf: destination.appendingPathComponent("pkg/readme.txt"), encoding: .utf8) == "read me")
            #expect(FileManager.default.isExecutableFile(atPath: destination.appendingPathComponent("pkg/bin/tool.sh").path))

            var evil = TarBuilder()
            evil.file("innocent.txt", "fine")
            evil.file("../escaped.txt", "gotcha")
            let target = work.appendingPathComponent("evil-dest")
            let refused = try await HTTP.send(
                .POST, server.address("/v1/fs/upload-batch?path=\(target.path)"),
                headers: [("Content-Type", "application/x-tar")], body: evil.finished())
            #expect(refused.status == 400)
            #expect(refused.problemCode == "invalid_archive")
            #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("escaped.txt").path))
            #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("innocent.txt").path), "nothing is written")

            var sneaky = TarBuilder()
            sneaky.symlink("link", to: "/etc")
            sneaky.file("link/owned.txt", "gotcha")
            let viaLink = try await HTTP.send(
                .POST, server.address("/v1/fs/upload-batch?path=\(target.path)"),
                headers: [("Content-Type", "application/x-tar")], body: sneaky.finished())
            #expect(viaLink.status == 400)
            #expect(!FileManager.default.fileExists(atPath: "/etc/owned.txt"))

            let wrongType = try await HTTP.send(
                .POST, server.address("/v1/fs/upload-batch?path=\(target.path)"),
                headers: [("Content-Type", "application/json")], body: Data("{}".utf8))
            #expect(wrongType.status == 415)
        }
    }

    /// Compares two files 1 MiB at a time.
    static func sameContents(_ lhs: URL, _ rhs: URL) throws -> Bool {
        let left = try FileHandle(forReadingFrom: lhs)
        let right = try FileHandle(forReadingFrom: rhs)
        defer {
            try? left.close()
            try? right.close()
        }
        while true {
            let a = try left.read(upToCount: 1 << 20) ?? Data()
            let b = try right.read(upToCount: 1 << 20) ?? Data()
            if a != b { return false }
            if a.isEmpty { return true }
        }
    }
}
