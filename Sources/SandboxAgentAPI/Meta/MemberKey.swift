/// A JSON object member by name, for types whose objects carry members beyond their fixed ones
/// (problem details' extensions, the `_meta` of ACP objects passed through).
struct MemberKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
