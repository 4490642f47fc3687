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
}
