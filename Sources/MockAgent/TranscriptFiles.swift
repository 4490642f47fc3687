import Foundation

/// Persists session records as `<dir>/<sessionId>.json` when a state directory is configured;
/// without one it stores nothing and finds nothing.
struct TranscriptFiles: Sendable {
    let directory: String?

    func load(_ sessionId: String) -> MockSessionRecord? {
        guard let url = fileURL(sessionId), let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(MockSessionRecord.self, from: data)
    }

    /// Writes the record atomically; returns a description of the failure, if any.
    @discardableResult
    func save(_ record: MockSessionRecord) -> String? {
        guard let directory, let url = fileURL(record.sessionId) else { return nil }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(record).write(to: url, options: .atomic)
            return nil
        } catch {
            return "cannot save session \(record.sessionId): \(error)"
        }
    }

    /// Only ids made of letters, digits, `-` and `_` map to files, so an id can never name a path
    /// outside the directory.
    private func fileURL(_ sessionId: String) -> URL? {
        guard let directory, !sessionId.isEmpty,
              sessionId.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
        else { return nil }
        return URL(fileURLWithPath: directory).appendingPathComponent(sessionId + ".json")
    }
}
