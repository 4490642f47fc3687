import Foundation

/// Who this server is among the servers sharing a session database: an id (`--instance-id`,
/// `SANDBOX_AGENT_INSTANCE_ID`, else one generated once and kept in the data directory) and
/// labels (`--label k=v`), stored with every session it runs.
public struct InstanceIdentity: Sendable, Equatable {
    public let id: String
    public let labels: [String: String]

    /// Checks `id` (1–128 of letters, digits, `-_.`) and the labels (keys 1–63 of letters,
    /// digits, `-_./`; values at most 256 characters).
    public init(id: String, labels: [String: String] = [:]) throws(InstanceIdentityError) {
        guard (1...128).contains(id.count), id.allSatisfy(Self.idCharacters.contains) else {
            throw InstanceIdentityError(message: "instance id must be 1 to 128 letters, digits, '-', '_' or '.', got '\(id)'")
        }
        for (key, value) in labels {
            guard (1...63).contains(key.count), key.allSatisfy(Self.labelKeyCharacters.contains) else {
                throw InstanceIdentityError(message: "label key must be 1 to 63 letters, digits, '-', '_', '.' or '/', got '\(key)'")
            }
            guard value.count <= 256 else { throw InstanceIdentityError(message: "label '\(key)' is longer than 256 characters") }
        }
        self.id = id
        self.labels = labels
    }

    /// The id kept in `<dataDirectory>/instance-id`, generated (`inst_` and 20 hex digits) and
    /// written there the first time.
    public static func stored(in dataDirectory: String, labels: [String: String]) throws -> InstanceIdentity {
        let path = dataDirectory + "/instance-id"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return try InstanceIdentity(id: text.trimmingCharacters(in: .whitespacesAndNewlines), labels: labels)
        }
        let id = "inst_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        try (id + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try InstanceIdentity(id: id, labels: labels)
    }

    /// The identity of a server that shares its store with no other (tests, embedded uses).
    public static let local = InstanceIdentity(checked: "local")

    private init(checked id: String) {
        self.id = id
        self.labels = [:]
    }

    /// Parses `k=v` arguments of `--label`.
    public static func labels(_ arguments: [String]) throws(InstanceIdentityError) -> [String: String] {
        var labels: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else {
                throw InstanceIdentityError(message: "--label must be KEY=VALUE, got '\(argument)'")
            }
            labels[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        _ = try InstanceIdentity(id: "check", labels: labels)
        return labels
    }

    private static let idCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    private static let labelKeyCharacters = idCharacters.union("/")
}

/// An instance id or label that is not acceptable.
public struct InstanceIdentityError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
