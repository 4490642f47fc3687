import Foundation

/// A fresh empty directory under the temporary directory (symlinks resolved, so paths compare).
func makeTemporaryDirectory(_ prefix: String) throws -> URL {
    let url = URL(fileURLWithPath: FileManager.default.temporaryDirectory.resolvingSymlinksInPath().path)
        .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
