import ACP
import FileSystem
import Foundation
import SandboxAgentAPI
import Testing

@testable import AgentSessions

/// The per-directory config domain without a server: the github mapping, MCP entries as ACP
/// servers, the skill scan, and the store's files.
@Suite struct DirectoryConfigTests {
    @Test func githubSourcesMapToHTTPSCloneURLs() {
        #expect(SkillSource.githubURL("rivet-dev/skills") == "https://github.com/rivet-dev/skills.git")
        #expect(SkillSource.githubURL("owner/repo.git") == "https://github.com/owner/repo.git")
        #expect(SkillSource.githubURL("o/some.repo_name-2") == "https://github.com/o/some.repo_name-2.git")
        for bad in ["", "owner", "owner/", "/repo", "a/b/c", "-x/repo", "own er/repo", "owner/..", "owner/re po", "o/r?x", "https://github.com/o/r"] {
            #expect(SkillSource.githubURL(bad) == nil, "\(bad)")
        }
        #expect(SkillSource(type: .github, source: "a/b").cloneURL == "https://github.com/a/b.git")
        #expect(SkillSource(type: .git, source: "/srv/x.git").cloneURL == "/srv/x.git")
        #expect(SkillSource(type: .local, source: "/srv/x").cloneURL == nil)
    }

    @Test func localServersBecomeACPStdioEntries() {
        let plain = McpServerConfig.local(LocalMcpServer(command: .string("node"), args: ["s.js"], env: ["B": "2", "A": "1"]))
        let (entry, warnings) = plain.acpServer(named: "n", environment: [:])
        #expect(warnings.isEmpty)
        #expect(entry == ["name": "n", "command": "node", "args": ["s.js"], "env": [["name": "A", "value": "1"], ["name": "B", "value": "2"]]])
        let listed = McpServerConfig.local(LocalMcpServer(command: .list(["uvx", "tool"]), args: ["--x"]))
        #expect(listed.acpServer(named: "n", environment: [:]).server["args"] == ["tool", "--x"])
        #expect(listed.acpServer(named: "n", environment: [:]).server["command"] == "uvx")
    }

    @Test func remoteServersGetHeadersFromTheEnvironment() {
        var remote = RemoteMcpServer(url: "https://e.com/mcp", headers: ["X": "1"])
        remote.bearerTokenEnvVar = "TOKEN"
        remote.envHeaders = ["X-Key": "KEY", "X-Gone": "GONE"]
        let (entry, warnings) = McpServerConfig.remote(remote).acpServer(named: "r", environment: ["TOKEN": "t0k", "KEY": "k"])
        #expect(entry["type"] == "http" && entry["url"] == "https://e.com/mcp" && entry["name"] == "r")
        #expect(entry["headers"] == [["name": "Authorization", "value": "Bearer t0k"], ["name": "X", "value": "1"], ["name": "X-Key", "value": "k"]])
        #expect(warnings.count == 1 && warnings[0].contains("GONE"))
        remote.transport = "sse"
        #expect(McpServerConfig.remote(remote).acpServer(named: "r", environment: [:]).server["type"] == "sse")
    }

    @Test func entriesRoundTripThroughJSONAsGiven() throws {
        let text = #"{"type":"stdio","command":["a","b"],"enabled":false,"timeoutMs":5}"#
        let server = try JSONDecoder().decode(McpServerConfig.self, from: Data(text.utf8))
        #expect(!server.isEnabled)
        let back = try JSONSerialization.jsonObject(with: JSONEncoder().encode(server)) as? [String: Any]
        #expect(back?["type"] as? String == "stdio" && back?["command"] as? [String] == ["a", "b"] && back?["timeoutMs"] as? Int == 5)
        let oauth = try JSONDecoder().decode(McpServerConfig.self, from: Data(#"{"type":"remote","url":"http://h/","oauth":{"scope":"s"}}"#.utf8))
        guard case .remote(let remote) = oauth else { Issue.record("not remote"); return }
        #expect(remote.oauth == .settings(clientId: nil, clientSecret: nil, scope: "s"))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(McpServerConfig.self, from: Data(#"{"type":"remote","url":"http://h/","oauth":true}"#.utf8)) }
    }

    @Test func theScanFindsARootSkillOrNestedSkills() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        func skill(_ path: String, name: String? = nil) throws {
            try FileManager.default.createDirectory(atPath: base + "/" + path, withIntermediateDirectories: true)
            let front = name.map { "---\nname: \($0)\n---\n" } ?? ""
            try (front + "body").write(toFile: base + "/" + path + "/SKILL.md", atomically: true, encoding: .utf8)
        }
        try skill("repo/skills/one")
        try skill("repo/skills/one/inner")  // inside a skill: not separate
        try skill("repo/two")
        try skill("repo/.hidden/three")
        try skill("repo/a/b/c/too-deep")
        try skill("single", name: "named")
        try skill("plain")
        #expect(SkillScanner.skills(in: base + "/repo", fallbackName: "x").map(\.name) == ["one", "two"])
        #expect(SkillScanner.skills(in: base + "/single", fallbackName: "x") == [.init(name: "named", path: base + "/single")])
        #expect(SkillScanner.skills(in: base + "/plain", fallbackName: "fallback").map(\.name) == ["fallback"])
        #expect(SkillInstaller.fallbackName(of: SkillSource(type: .git, source: "https://h/o/my-skill.git")) == "my-skill")
        #expect(SkillInstaller.fallbackName(of: SkillSource(type: .local, source: "/a/b", subpath: "c/d")) == "d")
    }

    @Test func theStoreWritesANameToEntryMapAndChecksTheRoot() throws {
        let base = FileManager.default.temporaryDirectory.resolvingSymlinksInPath().appendingPathComponent("store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let root = base + "/root"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let store = DirectoryConfigStore(files: FileSystemService(root: root, workingDirectory: root, homeDirectory: root))
        let config = SkillsConfig(sources: [SkillSource(type: .local, source: "/x")])
        try store.put(DirectoryConfigStore.skills, directory: root + "/w", name: "s", entry: config)
        let text = try String(contentsOfFile: root + "/w/.sandbox-agent/config/skills.json", encoding: .utf8)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String: [[String: String]]]]
        #expect(object == ["s": ["sources": [["type": "local", "source": "/x"]]]])
        #expect(try store.entry(DirectoryConfigStore.skills, directory: root + "/w", name: "s") == config)
        #expect(throws: ConfigError.self) { try store.entry(DirectoryConfigStore.skills, directory: root + "/w", name: "other") }
        #expect(throws: ConfigError.self) { try store.entry(DirectoryConfigStore.skills, directory: "w", name: "s") }
        #expect(throws: FileSystemError.self) { try store.put(DirectoryConfigStore.skills, directory: base, name: "s", entry: config) }
    }
}
