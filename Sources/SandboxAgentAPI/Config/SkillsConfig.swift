import Foundation

/// One entry of a directory's `skills.json`, as upstream's `SkillsConfig`: where to fetch skills from.
public struct SkillsConfig: Codable, Sendable, Equatable {
    public var sources: [SkillSource]

    public init(sources: [SkillSource]) {
        self.sources = sources
    }

    private enum CodingKeys: String, CodingKey { case sources }

    public init(from decoder: any Decoder) throws {
        sources = try decoder.container(keyedBy: CodingKeys.self).decode([SkillSource].self, forKey: .sources)
    }
}

/// A place skills come from. `github`: `owner/repo`; `git`: a clone URL; `local`: an absolute
/// directory. `ref` picks a branch or tag (git sources), `subpath` the directory to look in,
/// `skills` a subset of the skill names found there.
public struct SkillSource: Codable, Sendable, Equatable {
    /// The kinds of source.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case github, local, git
    }

    public var type: Kind
    public var source: String
    public var ref: String?
    public var skills: [String]?
    public var subpath: String?

    public init(type: Kind, source: String, ref: String? = nil, skills: [String]? = nil, subpath: String? = nil) {
        self.type = type
        self.source = source
        self.ref = ref
        self.skills = skills
        self.subpath = subpath
    }

    private enum CodingKeys: String, CodingKey { case type, source, ref, skills, subpath }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rawType = try container.decode(String.self, forKey: .type)
        guard let type = Kind(rawValue: rawType) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "must be github, local or git, got '\(rawType)'")
        }
        self.type = type
        source = try container.decode(String.self, forKey: .source)
        ref = try container.decodeIfPresent(String.self, forKey: .ref)
        skills = try container.decodeIfPresent([String].self, forKey: .skills)
        subpath = try container.decodeIfPresent(String.self, forKey: .subpath)
        if let problem = Self.problem(type: type, source: source) {
            throw DecodingError.dataCorruptedError(forKey: .source, in: container, debugDescription: problem)
        }
        if let ref, ref.isEmpty || ref.hasPrefix("-") {
            throw DecodingError.dataCorruptedError(forKey: .ref, in: container, debugDescription: "must be a branch or tag name, got '\(ref)'")
        }
        if let ref, type == .local {
            throw DecodingError.dataCorruptedError(forKey: .ref, in: container, debugDescription: "applies to github and git sources only, got '\(ref)'")
        }
        if let bad = skills?.first(where: { !Self.isSkillName($0) }) {
            throw DecodingError.dataCorruptedError(
                forKey: .skills, in: container, debugDescription: "'\(bad)' is not a skill directory name (no '/', not '.' or '..')")
        }
        if let subpath, subpath.hasPrefix("/") || subpath.split(separator: "/").contains("..") {
            throw DecodingError.dataCorruptedError(
                forKey: .subpath, in: container, debugDescription: "must be a relative path inside the source without '..', got '\(subpath)'")
        }
    }

    /// Why `source` is unusable for `type`, or nil.
    static func problem(type: Kind, source: String) -> String? {
        switch type {
        case .local:
            source.hasPrefix("/") ? nil : "a local source must be an absolute directory, got '\(source)'"
        case .github:
            githubURL(source) == nil ? "a github source must be owner/repo, got '\(source)'" : nil
        case .git:
            source.isEmpty || source.hasPrefix("-") || source.contains("::") ? "must be a git clone URL or path, got '\(source)'" : nil
        }
    }

    /// Whether `name` can be a directory name of a skill.
    public static func isSkillName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0") && name.utf8.count <= 255
    }

    /// The clone URL of a `github` source `owner/repo` (a trailing `.git` allowed): `https://github.com/owner/repo.git`.
    public static func githubURL(_ source: String) -> String? {
        let parts = source.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let owner = String(parts[0])
        var repo = String(parts[1])
        if repo.hasSuffix(".git") { repo.removeLast(4) }
        let ownerCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
        let repoCharacters = ownerCharacters.union("._")
        guard !owner.isEmpty, !owner.hasPrefix("-"), owner.allSatisfy(ownerCharacters.contains),
            !repo.isEmpty, repo != ".", repo != "..", repo.allSatisfy(repoCharacters.contains)
        else { return nil }
        return "https://github.com/\(owner)/\(repo).git"
    }

    /// What `git clone` is given: the github URL, or the git source itself; nil for local sources.
    public var cloneURL: String? {
        switch type {
        case .local: nil
        case .github: Self.githubURL(source)
        case .git: source
        }
    }
}
