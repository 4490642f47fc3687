import Foundation
import SandboxAgentAPI

/// Finds skills (directories with a `SKILL.md`) in a fetched source.
enum SkillScanner {
    /// A skill found: its name and directory.
    struct Found: Equatable {
        var name: String
        var path: String
    }

    /// How deep below the scanned directory skills are looked for (`skills/<name>/SKILL.md` is depth 2).
    static let maxDepth = 3

    /// The skills in `root`: `root` itself when it has a `SKILL.md` (named by its front matter's
    /// `name`, else `fallbackName`), otherwise every directory below it with one, up to
    /// ``maxDepth`` levels, skipping hidden directories and symlinks, never looking inside a skill.
    static func skills(in root: String, fallbackName: String) -> [Found] {
        if isSkill(root) {
            return [Found(name: frontMatterName(of: root) ?? fallbackName, path: root)]
        }
        var found: [Found] = []
        var level = [root]
        for _ in 0..<maxDepth {
            var next: [String] = []
            for directory in level {
                for child in subdirectories(of: directory) {
                    if isSkill(child) { found.append(Found(name: (child as NSString).lastPathComponent, path: child)) } else { next.append(child) }
                }
            }
            level = next
        }
        return found.sorted { $0.name < $1.name }
    }

    private static func isSkill(_ directory: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory + "/SKILL.md", isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func subdirectories(of directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") && $0 != "node_modules" }.map { directory + "/" + $0 }.filter { path in
            let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            return type == .typeDirectory
        }
    }

    /// `name:` of the YAML front matter of `<directory>/SKILL.md`, when it is a usable directory name.
    static func frontMatterName(of directory: String) -> String? {
        guard let text = try? String(contentsOfFile: directory + "/SKILL.md", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.first == "---" else { return nil }
        for line in lines.dropFirst() {
            if line == "---" { break }
            guard line.hasPrefix("name:") else { continue }
            let value = line.dropFirst(5).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return SkillSource.isSkillName(value) ? value : nil
        }
        return nil
    }
}
