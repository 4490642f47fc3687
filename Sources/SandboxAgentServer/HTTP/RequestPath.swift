import Foundation

/// The path of a request as the router sees it, checked for the spellings that would let a request
/// reach a route under a name other middleware does not recognise (`//v1/...`, `/v1/./x`,
/// `/v1%2Fprocesses`). Such paths are refused outright, so every later check (authentication
/// first) sees exactly the path the router dispatches on.
enum RequestPath {
    /// Paths served without a token: the banner, the OpenAPI document and the Inspector's files.
    /// Everything else, known route or not, needs the token when one is configured.
    static func isPublic(_ path: String) -> Bool {
        path == "/" || path == "/openapi.json" || path == "/ui" || path.hasPrefix("/ui/")
    }

    /// Why `path` is not canonical, or nil when it is: it must start with `/`, have no empty
    /// segment except a trailing one, no segment that is or decodes to `.` or `..`, no encoded
    /// `/` or NUL, no backslash and no raw control or non-ASCII byte.
    static func problem(in path: String) -> String? {
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return "the path must start with '/'" }
        for byte in bytes where byte < 0x21 || byte >= 0x7F || byte == UInt8(ascii: "\\") {
            return "the path holds a byte that must be percent-encoded (0x\(String(byte, radix: 16, uppercase: true)))"
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty && index < segments.count - 1 { return "the path has an empty segment ('//')" }
            if segment == "." || segment == ".." { return "the path has a '\(segment)' segment" }
            // Most segments have no escapes: only those are lowercased and decoded.
            guard segment.contains("%") else { continue }
            let lowered = segment.lowercased()
            for encoded in ["%2f", "%00"] where lowered.contains(encoded) {
                return "the path has an encoded '\(encoded)' inside a segment"
            }
            let decoded = lowered.replacingOccurrences(of: "%2e", with: ".")
            if decoded == "." || decoded == ".." { return "the path has a '\(segment)' segment" }
        }
        return nil
    }
}
