/// A string enumeration of the API that stays open to values a newer server adds: the values this
/// build knows are its cases (``allCases``), any other decodes as `unknown(value)` instead of
/// failing the whole response. Switches over it stay exhaustive, with one arm for `unknown`.
///
/// A conforming enum declares its known cases, `case unknown(String)`, `allCases` (the known
/// ones) and `rawValue`; decoding, encoding and `init(rawValue:)` come from here. Requests the
/// server reads are checked against ``allCases`` (`isKnown`), so it still refuses a value it
/// does not know.
public protocol OpenEnumeration: RawRepresentable, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible
where RawValue == String, AllCases == [Self] {
    /// A value this build does not know, as it was sent.
    static func unknown(_ rawValue: String) -> Self
}

extension OpenEnumeration {
    /// The known case spelled `rawValue`, else `unknown(rawValue)`; never fails.
    public init(rawValue: String) {
        self = Self.named(rawValue)
    }

    public init(from decoder: any Decoder) throws {
        self = Self.named(try decoder.singleValueContainer().decode(String.self))
    }

    private static func named(_ rawValue: String) -> Self {
        allCases.first { $0.rawValue == rawValue } ?? .unknown(rawValue)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether this build knows the value (it is one of ``allCases``).
    public var isKnown: Bool { Self.allCases.contains(self) }

    public var description: String { rawValue }
}
