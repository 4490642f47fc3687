import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import SandboxAgentServer

/// `/v1/config/mcp` and `/v1/config/skills`: upstream's query parameters, bodies and status
/// codes, and the files they write under `<directory>/.sandbox-agent/config/`.
@Suite("Config routes (in process)")
struct ConfigRoutesTests {
    private func url(_ kind: String, directory: String?, name: String?) -> String {
        var query: [String] = []
        if let directory { query.append("directory=\(directory.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? directory)") }
        if let name { query.append("\(kind == "mcp" ? "mcpName" : "skillName")=\(name)") }
        return "/v1/config/\(kind)?" + query.joined(separator: "&")
    }

    private func stored(_ directory: URL, _ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(".sandbox-agent/config/\(file)"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func mcpEntriesAreStoredReadAndRemoved() async throws {
        let directory = try makeTemporaryDirectory("cfg-mcp")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await RouterHarness().test { client in
            let local: [String: Any] = ["type": "local", "command": ["python3", "-u"], "args": ["server.py"], "env": ["A": "1"]]
            let put = try await client.json(.put, url("mcp", directory: directory.path, name: "tools"), local)
            #expect(put.status.code == 204, "\(put.text)")
            #expect(put.body.readableBytes == 0)
            let remote: [String: Any] = ["type": "remote", "url": "https://example.com/mcp", "transport": "sse", "oauth": false]
            #expect(try await client.json(.put, url("mcp", directory: directory.path, name: "web"), remote).status.code == 204)

            let file = try stored(directory, "mcp.json")
            #expect(Set(file.keys) == ["tools", "web"])
            #expect((file["tools"] as? [String: Any])?["command"] as? [String] == ["python3", "-u"])
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(".sandbox-agent/config").path)
            #expect(names == ["mcp.json"], "no temporary file is left behind")

            let got = try await client.send(.get, url("mcp", directory: directory.path, name: "tools"))
            #expect(got.status.code == 200)
            let entry = try got.object()
            #expect(entry["type"] as? String == "local" && entry["args"] as? [String] == ["server.py"])
            #expect((entry["env"] as? [String: String]) == ["A": "1"])
            #expect(try await client.send(.get, url("mcp", directory: directory.path, name: "web")).object()["transport"] as? String == "sse")

            let missing = try await client.send(.get, url("mcp", directory: directory.path, name: "nope"))
            #expect(missing.status.code == 404 && missing.problemCode == "not_found", "\(missing.text)")

            #expect(try await client.send(.delete, url("mcp", directory: directory.path, name: "tools")).status.code == 204)
            #expect(try await client.send(.get, url("mcp", directory: directory.path, name: "tools")).status.code == 404)
            #expect(try await client.send(.delete, url("mcp", directory: directory.path, name: "tools")).status.code == 204, "removing twice is fine")
            #expect(Set(try stored(directory, "mcp.json").keys) == ["web"])

            // A directory without configuration: 404 on GET, nothing written by a DELETE.
            let empty = try makeTemporaryDirectory("cfg-empty")
            defer { try? FileManager.default.removeItem(at: empty) }
            #expect(try await client.send(.get, url("mcp", directory: empty.path, name: "tools")).status.code == 404)
            #expect(try await client.send(.delete, url("mcp", directory: empty.path, name: "tools")).status.code == 204)
            #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent(".sandbox-agent").path))
        }
    }

    @Test func badMcpRequestsAre400NamingTheField() async throws {
        let directory = try makeTemporaryDirectory("cfg-mcp-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await RouterHarness().test { client in
            let good: [String: Any] = ["type": "stdio", "command": "node"]
            for (target, field) in [
                (url("mcp", directory: nil, name: "x"), "directory"),
                (url("mcp", directory: directory.path, name: nil), "mcpName"),
                (url("mcp", directory: "relative/dir", name: "x"), "directory"),
            ] {
                for method in [HTTPRequest.Method.get, .put, .delete] {
                    let result = method == .put ? try await client.json(.put, target, good) : try await client.send(method, target)
                    #expect(result.status.code == 400 && result.problemCode == "invalid_request", "\(method) \(target): \(result.text)")
                    #expect(result.text.contains(field), "\(method) names \(field): \(result.text)")
                }
            }
            let target = url("mcp", directory: directory.path, name: "x")
            for (body, field) in [
                (["type": "ftp", "command": "x"] as [String: Any], "type"),
                (["type": "local"], "command"),
                (["type": "local", "command": 7], "command"),
                (["type": "remote", "url": "file:///etc/passwd"], "url"),
                (["type": "remote", "url": "https://e.com", "transport": "ws"], "transport"),
                (["type": "local", "command": "x", "cwd": "rel"], "cwd"),
            ] {
                let result = try await client.json(.put, target, body)
                #expect(result.status.code == 400, "\(body): \(result.text)")
                #expect(result.text.contains(field), "\(body) names \(field): \(result.text)")
            }
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".sandbox-agent").path), "nothing was written")
            // Fields this server does not know (a newer client's) are ignored, as everywhere.
            let newer = try await client.json(.put, target, ["type": "local", "command": "x", "futureField": 1])
            #expect(newer.status.code == 204, "\(newer.text)")
            #expect(try await client.send(.get, target).object()["futureField"] == nil, "an ignored field is not stored")
        }
    }

    @Test func skillsEntriesAreStoredReadAndRemoved() async throws {
        let directory = try makeTemporaryDirectory("cfg-skills")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await RouterHarness().test { client in
            let config: [String: Any] = [
                "sources": [
                    ["type": "github", "source": "rivet-dev/skills", "skills": ["sandbox-agent"], "ref": "main"],
                    ["type": "local", "source": "/workspace/my-skill"],
                    ["type": "git", "source": "https://git.example.com/skills.git", "subpath": "skills"],
                ]
            ]
            let put = try await client.json(.put, url("skills", directory: directory.path, name: "default"), config)
            #expect(put.status.code == 204, "\(put.text)")
            let file = try stored(directory, "skills.json")
            let sources = try #require((file["default"] as? [String: Any])?["sources"] as? [[String: Any]])
            #expect(sources.map { $0["type"] as? String } == ["github", "local", "git"])
            let got = try await client.send(.get, url("skills", directory: directory.path, name: "default"))
            #expect(got.status.code == 200)
            let first = try #require((try got.object()["sources"] as? [[String: Any]])?.first)
            #expect(first["source"] as? String == "rivet-dev/skills" && first["skills"] as? [String] == ["sandbox-agent"])
            #expect(try await client.send(.get, url("skills", directory: directory.path, name: "other")).status.code == 404)
            #expect(try await client.send(.delete, url("skills", directory: directory.path, name: "default")).status.code == 204)
            #expect(try await client.send(.get, url("skills", directory: directory.path, name: "default")).status.code == 404)
            #expect(try stored(directory, "skills.json").isEmpty)

            let target = url("skills", directory: directory.path, name: "default")
            for (body, field) in [
                ([:] as [String: Any], "sources"),
                (["sources": [["type": "svn", "source": "x"]]], "sources.[0].type"),
                (["sources": [["type": "local", "source": "relative"]]], "sources.[0].source"),
                (["sources": [["type": "github", "source": "not a repo"]]], "sources.[0].source"),
                (["sources": [["type": "git", "source": "--upload-pack=evil"]]], "sources.[0].source"),
                (["sources": [["type": "git", "source": "https://e.com/r.git", "subpath": "../up"]]], "subpath"),
                (["sources": [["type": "git", "source": "https://e.com/r.git", "skills": ["a/b"]]]], "skills"),
            ] {
                let result = try await client.json(.put, target, body)
                #expect(result.status.code == 400, "\(body): \(result.text)")
                #expect(result.text.contains(field), "\(body) names \(field): \(result.text)")
            }
        }
    }

    @Test func withFsRootTheDirectoryMustBeInsideIt() async throws {
        let root = try makeTemporaryDirectory("cfg-root")
        let outside = try makeTemporaryDirectory("cfg-outside")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try await RouterHarness { $0.fsRoot = root.path }.test { client in
            let body: [String: Any] = ["type": "local", "command": "node"]
            let refused = try await client.json(.put, url("mcp", directory: outside.path, name: "x"), body)
            #expect(refused.status.code == 403 && refused.problemCode == "outside_root", "\(refused.text)")
            #expect(try await client.send(.get, url("mcp", directory: outside.path, name: "x")).status.code == 403)
            #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent(".sandbox-agent").path))
            #expect(try await client.json(.put, url("mcp", directory: root.path + "/inner", name: "x"), body).status.code == 204)
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("inner/.sandbox-agent/config/mcp.json").path))
        }
    }
}

/// A fresh empty directory under the temporary directory (symlinks resolved, so paths compare).
func makeTemporaryDirectory(_ prefix: String) throws -> URL {
    let url = URL(fileURLWithPath: FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path)
        .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
