public import Foundation

/// Files shipped with the binary (SwiftPM puts them in `sandbox-agent_SandboxAgentResources.resources`
/// next to the executable; the Dockerfile copies that folder along).
public enum SandboxAgentResources {
    /// The OpenAPI 3.1 document of the HTTP API, served at `/openapi.json`.
    public static func openAPIDocument() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "openapi.json is missing from the resource bundle"])
        }
        return try Data(contentsOf: url)
    }

    /// The Inspector web UI (`Resources/ui`, served under `/ui/`): every regular file, keyed by its
    /// path below `ui` (`index.html`, `views/agents.js`). Read once at start, so a request never
    /// touches the file system.
    public static func inspectorFiles() throws -> [String: Data] {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("ui", isDirectory: true),
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "ui/ is missing from the resource bundle"])
        }
        let prefix = root.standardizedFileURL.path + "/"
        var files: [String: Data] = [:]
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            files[String(path.dropFirst(prefix.count))] = try Data(contentsOf: url)
        }
        guard files["index.html"] != nil else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "ui/index.html is missing from the resource bundle"])
        }
        return files
    }
}
