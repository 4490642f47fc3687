/// Which `Host` header values the server answers (`--allowed-host`), the defence against DNS
/// rebinding: a web page whose name is made to resolve to 127.0.0.1 sends its own name as Host.
///
/// Always allowed: IP literals (a rebinding attack needs a name) and the loopback names
/// `localhost` and `*.localhost`. Other names must be listed (`app.example.com`, or
/// `.example.com` for the name and its subdomains), unless the server listens on a non-loopback
/// address and no name is listed: it was opened to the network on purpose, and the names it is
/// reached by (a provider's proxy, a LAN name) are not known in advance. `*` allows every name.
public struct HostPolicy: Sendable, Equatable {
    /// Names from `--allowed-host`, lowercased.
    public var allowedNames: [String]
    /// Whether any name is answered when none is listed (a non-loopback bind).
    public var allowsAnyNameWhenUnlisted: Bool

    public init(allowedNames: [String] = [], allowsAnyNameWhenUnlisted: Bool = false) {
        self.allowedNames = allowedNames.map { $0.lowercased() }
        self.allowsAnyNameWhenUnlisted = allowsAnyNameWhenUnlisted
    }

    /// Whether a request whose `Host` header is `host` (with or without a port) is answered. A
    /// request without one (HTTP/1.0) is: browsers always send it.
    func allows(host: String?) -> Bool {
        guard let host else { return true }
        let name = Self.hostName(host).lowercased()
        if name.isEmpty { return false }
        if Self.isIPLiteral(name) || name == "localhost" || name.hasSuffix(".localhost") { return true }
        if allowedNames.contains("*") { return true }
        if allowedNames.isEmpty { return allowsAnyNameWhenUnlisted }
        return allowedNames.contains { allowed in
            allowed.hasPrefix(".") ? (name == allowed.dropFirst() || name.hasSuffix(allowed)) : name == allowed
        }
    }

    /// `host` without its port: `[::1]:2468` → `::1`, `example.com:80` → `example.com`.
    static func hostName(_ host: String) -> String {
        if host.hasPrefix("[") {
            guard let end = host.firstIndex(of: "]") else { return "" }
            return String(host[host.index(after: host.startIndex)..<end])
        }
        if let colon = host.lastIndex(of: ":") { return String(host[..<colon]) }
        return host
    }

    /// An IPv4 dotted quad or an IPv6 address (anything with a colon left after the port is gone).
    static func isIPLiteral(_ name: String) -> Bool {
        if name.contains(":") { return name.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && Int(part)! <= 255
        }
    }
}
