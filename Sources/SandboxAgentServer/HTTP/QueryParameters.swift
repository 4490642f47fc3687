import Hummingbird

/// Typed access to query parameters; a malformed value is a 400 naming the parameter.
struct QueryParameters {
    let request: Request

    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    func requiredString(_ name: String) throws -> String {
        guard let value = string(name), !value.isEmpty else {
            throw APIError.invalidRequest("query parameter '\(name)' is required")
        }
        return value
    }

    func int(_ name: String, range: ClosedRange<Int> = 0...Int.max) throws -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw APIError.invalidRequest("query parameter '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(raw)'")
        }
        return value
    }

    /// Any integer (range checks are the domain's, which names the rule).
    func signedInt(_ name: String) throws -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw) else { throw APIError.invalidRequest("query parameter '\(name)' must be an integer, got '\(raw)'") }
        return value
    }

    func double(_ name: String) throws -> Double? {
        guard let raw = string(name) else { return nil }
        guard let value = Double(raw), value.isFinite else {
            throw APIError.invalidRequest("query parameter '\(name)' must be a number, got '\(raw)'")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let raw = string(name) else { return nil }
        switch raw.lowercased() {
        case "true", "1", "": return true
        case "false", "0": return false
        default: throw APIError.invalidRequest("query parameter '\(name)' must be true or false, got '\(raw)'")
        }
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
        guard let raw = string(name) else { return nil }
        guard let value = T.allCases.first(where: { $0.rawValue == raw }) else {
            throw APIError.invalidRequest(
                "query parameter '\(name)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(raw)'")
        }
        return value
    }
}

extension Request {
    var query: QueryParameters { QueryParameters(request: self) }
}
