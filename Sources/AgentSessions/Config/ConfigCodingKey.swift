/// Any JSON key, to find keys a config object does not declare.
struct ConfigCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }

    /// Throws a decoding error naming the first key of the object at `decoder` outside `known`.
    static func rejectUnknownKeys(in decoder: any Decoder, known: Set<String>, of what: String) throws {
        let container = try decoder.container(keyedBy: ConfigCodingKey.self)
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorruptedError(
                forKey: ConfigCodingKey(stringValue: unknown), in: container,
                debugDescription: "unknown field of \(what); known fields: \(known.sorted().joined(separator: ", "))")
        }
    }
}
