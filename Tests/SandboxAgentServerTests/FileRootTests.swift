import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SandboxAgentAPI
import Testing

@testable import SandboxAgentServer

/// `--fs-root` confines every file route, and path limits are clear 400s.
@Suite("File routes under a root (in process)")
struct FileRootTests {
    @Test func fsRootConfinesEveryPath() async throws {
        let root = try makeTemporaryDirectory("sa-fs")
        let outside = try makeTemporaryDirectory("sa-fs")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try "secret".write(to: outside.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("out"), withDestinationURL: outside)
        try "inside".write(to: root.appendingPathComponent("in.txt"), atomically: true, encoding: .utf8)
        try await RouterHarness { $0.fsRoot = root.path }.test { client in
            let inside = try await client.send(.get, "/v1/fs/file?path=in.txt")
            #expect(inside.status.code == 200)
            #expect(inside.text == "inside")
            let refusals = [
                "/v1/fs/file?path=../\(outside.lastPathComponent)/secret.txt",
                "/v1/fs/file?path=\(outside.path)/secret.txt",
                "/v1/fs/file?path=out/secret.txt",
                "/v1/fs/entries?path=/etc",
                "/v1/fs/stat?path=%2E%2E/%2E%2E/etc/passwd",
            ]
            for path in refusals {
                let result = try await client.send(.get, path)
                #expect(result.status.code == 403, "\(path): \(result.text)")
                #expect(result.problemCode == "outside_root")
            }
            let write = try await client.send(.put, "/v1/fs/file?path=out/new.txt", body: ByteBuffer(string: "x"))
            #expect(write.status.code == 403)
            #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("new.txt").path))
        }
    }

    @Test func fsRootRefusesDeletingItselfLongNamesAndHidesLinksOut() async throws {
        let root = try makeTemporaryDirectory("sa-fs")
        let outside = try makeTemporaryDirectory("sa-fs")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try Data(count: 4321).write(to: outside.appendingPathComponent("big.bin"))
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("out").path, withDestinationPath: outside.appendingPathComponent("big.bin").path)
        try "inside".write(to: root.appendingPathComponent("in.txt"), atomically: true, encoding: .utf8)
        let long = String(repeating: "n", count: 300)
        try await RouterHarness { $0.fsRoot = root.path }.test { client in
            for path in [".", root.path, "a/.."] {
                let refused = try await client.send(.delete, "/v1/fs/entry?path=\(path)&recursive=true")
                #expect(refused.status.code == 400, "\(path): \(refused.text)")
                #expect(refused.problemCode == "invalid_path")
            }
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("in.txt").path))

            let requests: [(HTTPRequest.Method, String)] = [
                (.get, "/v1/fs/stat?path=\(long)"), (.get, "/v1/fs/file?path=a/\(long)"), (.post, "/v1/fs/mkdir?path=\(long)/b"),
                (.put, "/v1/fs/file?path=\(long)"), (.get, "/v1/fs/entries?path=\(long)"), (.delete, "/v1/fs/entry?path=\(long)"),
            ]
            for (method, path) in requests {
                let result = try await client.send(method, path, body: method == .put ? ByteBuffer(string: "x") : nil)
                #expect(result.status.code == 400, "\(method) \(path.prefix(30)): \(result.text)")
                #expect(result.problemCode == "invalid_path")
                #expect(result.text.contains("255"), "the message names the limit: \(result.text)")
            }

            let listing = try await client.send(.get, "/v1/fs/entries?path=.")
            #expect(listing.status.code == 200)
            let entries = try listing.decode([FsEntry].self)
            let link = entries.first { $0.name == "out" }
            #expect(link?.entryType == .file)
            #expect(link?.size == UInt64(outside.appendingPathComponent("big.bin").path.utf8.count), "the link, not its target")
        }
        try await RouterHarness().test { client in
            let result = try await client.send(.post, "/v1/fs/mkdir?path=\(root.path)/\(long)")
            #expect(result.status.code == 400, "\(result.text)")
        }
    }
}
